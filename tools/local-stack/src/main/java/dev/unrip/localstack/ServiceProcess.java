package dev.unrip.localstack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A route group (or the relay simulator) run as its own JVM from its packaged Quarkus application,
 * configured only through environment variables.
 */
public final class ServiceProcess {

    /**
     * The JVM flags of every route-group process run locally (make run, the tests, the bench).
     * Resident memory is the heap plus about 60 MiB (metaspace, code cache, threads): a 224 MiB heap
     * keeps a group under the 300 MiB budget under load, where a 256 MiB one reached 301 MiB in
     * the batching executor (bench, 2026-11-30).
     */
    public static final List<String> JVM_FLAGS = List.of("-Xms32m", "-Xmx224m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError");

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final int httpPort;
    private final ManagedProcess process;

    ServiceProcess(String name, Path appJar, int httpPort, Map<String, String> env, StackConfig config, String instance) {
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
        this.process = new ManagedProcess(id, command, env, config.logDir().resolve(id + ".log"),
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

    public void awaitReady(Duration readyTimeout) {
        process.awaitReady("healthy at " + healthUrl(), readyTimeout, this::isHealthy);
    }

    public boolean isHealthy() {
        try {
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create(healthUrl()))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }
}
