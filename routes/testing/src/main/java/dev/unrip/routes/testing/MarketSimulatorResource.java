package dev.unrip.routes.testing;

import dev.unrip.localstack.LocalStack;
import dev.unrip.localstack.StackConfig;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Files;
import java.util.Map;

/**
 * The project's market simulator (tools/market-simulator: a real WebSocket server speaking the
 * Binance spot public market-data stream protocol, with seeded random-walk books) as its own
 * process, from its packaged jar, on a free port. The application under test gets {@code
 * binance.ws.url} = {@code ws://localhost:<port>}, the base to which it adds {@code /ws/<stream>} or
 * {@code /stream?streams=<a>/<b>}. Use with {@code @QuarkusTestResource(MarketSimulatorResource.class)};
 * the simulator's own settings go as resource arguments, by their environment names, for example
 * {@code @ResourceArg(name = "MARKET_SIM_PING_INTERVAL_MS", value = "500")} (tools/market-simulator/README.md
 * lists them). Most can also be changed while it runs: {@code control().post("/control/settings", ...)}.
 *
 * <p>A module whose tests use it builds the simulator first with a build-order dependency on {@code
 * dev.unrip:unrip-market-simulator} ({@code <type>pom</type>}, test scope, every transitive dependency
 * excluded), as routes/near-intents/execute does for the relay simulator.
 */
public class MarketSimulatorResource implements QuarkusTestResourceLifecycleManager {

    /** The service's name in the local stack (tools/local-stack StackConfig). */
    public static final String SERVICE = "market-simulator";

    private static volatile String controlUrl;
    private static volatile String wsUrl;
    private Map<String, String> environment = Map.of();
    private LocalStack stack;

    /** {@code http://localhost:<port>}: the simulator's control API ({@code /control/*}). */
    public static String controlUrl() {
        if (controlUrl == null) {
            throw new IllegalStateException(
                    "the market simulator is not started: annotate the test with @QuarkusTestResource(MarketSimulatorResource.class)");
        }
        return controlUrl;
    }

    /** {@code ws://localhost:<port>}: what {@code binance.ws.url} is set to. */
    public static String wsUrl() {
        controlUrl();
        return wsUrl;
    }

    /** The control API as a client: {@code control().post("/control/books/NEARUSDT/jump", "{\"percent\":5}")}. */
    public static SimulatorControl control() {
        return new SimulatorControl(controlUrl());
    }

    /** Resource arguments are the simulator's environment ({@code MARKET_SIM_*}). */
    @Override
    public void init(Map<String, String> initArgs) {
        environment = Map.copyOf(initArgs);
    }

    @Override
    public Map<String, String> start() {
        StackConfig config = TestServers.config(SERVICE);
        if (!Files.exists(config.repoRoot().resolve("tools/market-simulator/target/quarkus-app/quarkus-run.jar"))) {
            throw new IllegalStateException(
                    "the market simulator is not built: run `make build` (or ./mvnw package -pl tools/market-simulator) first");
        }
        stack = new LocalStack(config, line -> System.out.println("[" + SERVICE + "] " + line));
        stack.startService(SERVICE, "", environment);
        int port = config.httpPort(SERVICE);
        controlUrl = "http://localhost:" + port;
        wsUrl = "ws://localhost:" + port;
        return Map.of("binance.ws.url", wsUrl);
    }

    @Override
    public void stop() {
        if (stack != null) {
            stack.close();
        }
        controlUrl = null;
        wsUrl = null;
    }
}
