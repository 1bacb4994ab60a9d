package dev.unrip.localstack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A route group (or the relay simulator) run as its own JVM from its packaged Quarkus application,
 * configured only through environment variables.
 */
public final class ServiceProcess {

    /**
     * The JVM flags of every route-group process run locally (make run, the tests, the bench): a
     * 256 MiB heap; the resident set under load is the heap plus about 50–80 MiB (metaspace, code
     * cache, threads, malloc), inside the 300 MiB budget of a route group.
     */
    public static final List<String> JVM_FLAGS =
            List.of("-Xms32m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError");

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final int httpPort;
    private final ManagedProcess process;

    ServiceProcess(
            String name, Path appJar, int httpPort, Map<String, String> env, StackConfig config, String instance) {
        if (!Files.isRegularFile(appJar)) {
            throw new IllegalStateException(name + " is not built: " + appJar + " is missing (run `make build`)");
        }
        this.name = name;
        this.httpPort = httpPort;
        String id = instance.isEmpty() ? name : name + "-" + instance;
        List<String> command = new ArrayList<>();
        command.add(KafkaBroker.javaBin());
        command.addAll(JVM_FLAGS);
        command.addAll(List.of("-jar", appJar.toString()));
        Map<String, String> environment = new HashMap<>(env);
        // glibc's malloc arenas (up to 8 per core, one per busy thread) count in the resident set;
        // two are plenty for a JVM, whose heap is its own (the containers set the same).
        environment.putIfAbsent("MALLOC_ARENA_MAX", "2");
        this.process = new ManagedProcess(
                id,
                command,
                environment,
                config.logDir().resolve(id + ".log"),
                config.stateDir().resolve("pids/" + id + ".pid"));
    }

    public String name() {
        return name;
    }

    public int httpPort() {
        return httpPort;
    }

    public String healthUrl() {
        return "http://localhost:" + httpPort + "/q/health";
    }

    public ManagedProcess process() {
        return process;
    }

    public void start(Duration readyTimeout) {
        process.start();
        awaitReady(readyTimeout);
    }

    /** Starts the process and waits until it is alive (/q/health/live), ready or not. */
    public void startLive(Duration timeout) {
        process.start();
        process.awaitReady("alive at " + healthUrl() + "/live", timeout, () -> answers(healthUrl() + "/live"));
    }

    public void awaitReady(Duration readyTimeout) {
        process.awaitReady("healthy at " + healthUrl(), readyTimeout, this::isHealthy);
    }

    public boolean isHealthy() {
        return answers(healthUrl());
    }

    private static boolean answers(String url) {
        try {
            HttpResponse<Void> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(2))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }
}
