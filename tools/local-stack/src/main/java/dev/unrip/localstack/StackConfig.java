package dev.unrip.localstack;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the local stack keeps its data and which ports it uses. Every value has a default and can
 * be overridden from the environment (the names are in {@link #fromEnvironment}); the tests build
 * one with free ports and a private state folder.
 *
 * <p>{@code serviceImages}, when not empty, runs every service from its container image instead of
 * its packaged jar: an image reference with {@code {name}} for the service's name (for example
 * {@code 127.0.0.1:5555/unrip/{name}:0a1b2c3d4e5f}), run with podman on the host network
 * ({@code make images-smoke}, {@link ImagesSmoke}).
 */
public record StackConfig(
        Path repoRoot,
        Path stateDir,
        int kafkaPort,
        int kafkaControllerPort,
        int postgresPort,
        Map<String, Integer> httpPorts,
        Map<String, String> extraEnv,
        String serviceImages) {

    /** Route groups and tools the stack can run, in start order (downstream consumers first). */
    public static final Map<String, String> SERVICE_MODULES = orderedModules();

    private static Map<String, String> orderedModules() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("relay-simulator", "tools/relay-simulator");
        m.put("market-simulator", "tools/market-simulator");
        m.put("trade-results", "routes/trade-results");
        m.put("near-intents-execute", "routes/near-intents/execute");
        m.put("reactor", "routes/reactor");
        m.put("binance-normalize", "routes/binance/normalize");
        m.put("binance-ingest", "routes/binance/ingest");
        m.put("near-intents-normalize", "routes/near-intents/normalize");
        m.put("near-intents-ingest", "routes/near-intents/ingest");
        return Collections.unmodifiableMap(m);
    }

    /** The venue simulators among the services: tools, not route groups (`make dev` refuses them). */
    public static final java.util.Set<String> SIMULATORS = java.util.Set.of("relay-simulator", "market-simulator");

    /**
     * Route libraries a group loads from the class path (their routes and beans live in another
     * module): `make dev` rebuilds and restarts the group when one of their sources changes.
     */
    public static final Map<String, java.util.List<String>> ROUTE_LIBRARIES =
            Map.of("near-intents-normalize", java.util.List.of("routes/near-intents/normalize-mapping"));

    private static final Map<String, Integer> DEFAULT_HTTP_PORTS = Map.ofEntries(
            Map.entry("near-intents-ingest", 8081),
            Map.entry("near-intents-normalize", 8082),
            Map.entry("reactor", 8083),
            Map.entry("near-intents-execute", 8084),
            Map.entry("trade-results", 8085),
            Map.entry("replay", 8086),
            Map.entry("binance-ingest", 8087),
            Map.entry("binance-normalize", 8088),
            Map.entry("relay-simulator", 8090),
            Map.entry("market-simulator", 8091));

    /** The configuration `make run` uses: defaults, overridden by UNRIP_* environment variables. */
    public static StackConfig fromEnvironment(Path repoRoot) {
        Map<String, String> env = System.getenv();
        Path state = Path.of(env.getOrDefault(
                "UNRIP_STATE_DIR", repoRoot.resolve(".state/local").toString()));
        Map<String, Integer> http = new LinkedHashMap<>();
        DEFAULT_HTTP_PORTS.forEach((name, port) -> http.put(
                name,
                Integer.parseInt(
                        env.getOrDefault("UNRIP_PORT_" + name.toUpperCase().replace('-', '_'), port.toString()))));
        return new StackConfig(
                repoRoot.toAbsolutePath(),
                state.toAbsolutePath(),
                Integer.parseInt(env.getOrDefault("UNRIP_KAFKA_PORT", "19092")),
                Integer.parseInt(env.getOrDefault("UNRIP_KAFKA_CONTROLLER_PORT", "19093")),
                Integer.parseInt(env.getOrDefault("UNRIP_POSTGRES_PORT", "15432")),
                http,
                Map.of(),
                "");
    }

    /** A private stack for one test run: free ports, its own state folder. */
    public static StackConfig forTests(Path repoRoot, Path stateDir, Map<String, String> extraEnv) {
        Map<String, Integer> http = new LinkedHashMap<>();
        DEFAULT_HTTP_PORTS.keySet().forEach(name -> http.put(name, freePort()));
        return new StackConfig(
                repoRoot.toAbsolutePath(),
                stateDir.toAbsolutePath(),
                freePort(),
                freePort(),
                freePort(),
                http,
                Map.copyOf(extraEnv),
                "");
    }

    /**
     * A private stack on fixed ports: {@code make run}'s defaults plus {@code offset}, below the
     * kernel's ephemeral range (32768 and up here) so that no client's outgoing connection takes
     * one of them between the choice and a late start (a free port chosen at random can be taken
     * by then: containers on the host network open many connections while the next one starts).
     */
    public static StackConfig onPortsOffset(Path repoRoot, Path stateDir, int offset) {
        Map<String, Integer> http = new LinkedHashMap<>();
        DEFAULT_HTTP_PORTS.forEach((name, port) -> http.put(name, port + offset));
        return new StackConfig(
                repoRoot.toAbsolutePath(),
                stateDir.toAbsolutePath(),
                19092 + offset,
                19093 + offset,
                15432 + offset,
                http,
                Map.of(),
                "");
    }

    /** This configuration with its services run from container images (see {@code serviceImages}). */
    public StackConfig withServiceImages(String images, Map<String, String> extraEnv) {
        if (!images.contains("{name}")) {
            throw new IllegalArgumentException("service images '" + images + "' name no {name}");
        }
        return new StackConfig(
                repoRoot,
                stateDir,
                kafkaPort,
                kafkaControllerPort,
                postgresPort,
                httpPorts,
                Map.copyOf(extraEnv),
                images);
    }

    /** The image a service runs from, when the stack runs images ({@code serviceImages} set). */
    public java.util.Optional<String> imageOf(String service) {
        return serviceImages.isBlank()
                ? java.util.Optional.empty()
                : java.util.Optional.of(serviceImages.replace("{name}", service));
    }

    public String kafkaBootstrap() {
        return "localhost:" + kafkaPort;
    }

    public int httpPort(String service) {
        Integer port = httpPorts.get(service);
        if (port == null) {
            throw new IllegalArgumentException("unknown service '" + service + "'; known: " + httpPorts.keySet());
        }
        return port;
    }

    public Path logDir() {
        return stateDir.resolve("logs");
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free local port", e);
        }
    }
}
