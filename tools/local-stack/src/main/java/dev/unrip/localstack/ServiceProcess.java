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
import java.util.Optional;

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
        this.name = name;
        this.httpPort = httpPort;
        String id = instance.isEmpty() ? name : name + "-" + instance;
        Map<String, String> environment = new HashMap<>(env);
        // glibc's malloc arenas (up to 8 per core, one per busy thread) count in the resident set;
        // two are plenty for a JVM, whose heap is its own (the containers set the same).
        environment.putIfAbsent("MALLOC_ARENA_MAX", "2");
        Optional<String> image = config.imageOf(name);
        List<String> command;
        if (image.isPresent()) {
            command = containerCommand(id, image.get(), environment.keySet());
        } else {
            if (!Files.isRegularFile(appJar)) {
                throw new IllegalStateException(name + " is not built: " + appJar + " is missing (run `make build`)");
            }
            command = new ArrayList<>();
            command.add(KafkaBroker.javaBin());
            command.addAll(JVM_FLAGS);
            command.addAll(List.of("-jar", appJar.toString()));
        }
        this.process = new ManagedProcess(
                id,
                command,
                environment,
                config.logDir().resolve(id + ".log"),
                config.stateDir().resolve("pids/" + id + ".pid"));
    }

    /** The name of a service instance's container, and the label every container of the stack carries. */
    public static final String CONTAINER_PREFIX = "unrip-stack-";

    public static final String CONTAINER_LABEL = "dev.unrip.stack=local";

    /**
     * {@code podman run} of a service's image in the foreground, on the host network (the stack's
     * broker, database and simulators are on localhost), so that the stack holds it as it holds a
     * JVM: SIGTERM reaches the JVM through podman's signal proxy, its output is the log.
     *
     * <ul>
     *   <li>Only the names of the environment variables are on the command line ({@code --env NAME}
     *       takes the value from podman's own environment): no password or key in a process list.
     *   <li>runc, not crun (crun fails on these machines' cgroup layout); nofile and nproc at 20000,
     *       the most a container may ask for here.
     *   <li>The image's own entrypoint and JVM settings: the container runs what a cluster runs.
     *   <li>{@code --pull=always} from the registry {@code make images} pushed to (TLS off only for a
     *       registry on 127.0.0.1).
     * </ul>
     */
    static List<String> containerCommand(String id, String image, java.util.Set<String> envNames) {
        List<String> command = new ArrayList<>(List.of(
                "podman",
                "run",
                "--rm",
                "--replace",
                "--name",
                CONTAINER_PREFIX + id,
                "--label",
                CONTAINER_LABEL,
                "--runtime",
                "runc",
                "--network",
                "host",
                "--ulimit",
                "nofile=20000:20000",
                "--ulimit",
                "nproc=20000:20000",
                "--stop-timeout",
                "25",
                "--pull",
                "always"));
        if (image.startsWith("127.0.0.1:") || image.startsWith("localhost:")) {
            command.add("--tls-verify=false");
        }
        envNames.stream().sorted().forEach(n -> command.addAll(List.of("--env", n)));
        command.add(image);
        return command;
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
