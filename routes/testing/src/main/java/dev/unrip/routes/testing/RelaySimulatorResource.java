package dev.unrip.routes.testing;

import dev.unrip.localstack.LocalStack;
import dev.unrip.localstack.StackConfig;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Files;
import java.util.Map;

/**
 * The project's relay simulator (tools/relay-simulator, a real WebSocket server speaking the NEAR
 * Intents relay protocol, and NEAR JSON-RPC for the intents contract) as its own process, from its
 * packaged jar; the application under test gets its relay as {@code near.relay.url} and its RPC as
 * {@code near.rpc.urls} (two endpoint names, {@code /rpc/a,/rpc/b}, for failover) and {@code
 * ingest.rpc.urls} ({@code /rpc}). Use with
 * {@code @QuarkusTestResource(RelaySimulatorResource.class)}.
 */
public class RelaySimulatorResource implements QuarkusTestResourceLifecycleManager {

    private static volatile String controlUrl;
    private LocalStack stack;

    /** {@code http://localhost:<port>}: the simulator's control API ({@code /control/*}). */
    public static String controlUrl() {
        if (controlUrl == null) {
            throw new IllegalStateException(
                    "the relay simulator is not started: annotate the test with @QuarkusTestResource(RelaySimulatorResource.class)");
        }
        return controlUrl;
    }

    @Override
    public Map<String, String> start() {
        StackConfig config = TestServers.config("relay-simulator");
        if (!Files.exists(config.repoRoot().resolve("tools/relay-simulator/target/quarkus-app/quarkus-run.jar"))) {
            throw new IllegalStateException(
                    "the relay simulator is not built: run `make build` (or ./mvnw package -pl tools/relay-simulator -am) first");
        }
        stack = new LocalStack(config, line -> System.out.println("[relay-simulator] " + line));
        stack.startService("relay-simulator");
        int port = config.httpPort("relay-simulator");
        controlUrl = "http://localhost:" + port;
        return Map.of(
                "near.relay.url",
                "ws://localhost:" + port + "/ws",
                "near.rpc.urls",
                controlUrl + "/rpc/a," + controlUrl + "/rpc/b",
                "ingest.rpc.urls",
                controlUrl + "/rpc");
    }

    @Override
    public void stop() {
        if (stack != null) {
            stack.close();
        }
        controlUrl = null;
    }
}
