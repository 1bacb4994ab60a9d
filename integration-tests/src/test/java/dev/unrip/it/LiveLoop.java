package dev.unrip.it;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unrip.localstack.LocalStack;
import dev.unrip.localstack.StackConfig;
import dev.unrip.routes.testing.SimulatorControl;
import dev.unrip.routes.testing.Topics;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the whole-loop integration tests share: the test stack ({@link TestStack}) with every route
 * group running and the executor in live mode against the relay simulator, and the clients of its
 * broker, its database and the simulator's control API.
 */
@ExtendWith(TestStack.class)
abstract class LiveLoop {

    static final String EXECUTOR = "near-intents-execute";
    static final String INGEST = "near-intents-ingest";

    static LocalStack stack;
    static Topics topics;
    static SimulatorControl simulator;

    /**
     * Starts every route group in the stack's order; the executor afresh, as each of
     * {@code executorInstances} ("" the plain one), live with a fresh solver key and
     * {@code executorSettings} on top. Returns that executor environment (for restarts) once the
     * ingest has subscribed to the relay's quotes.
     */
    static Map<String, String> startEveryRouteGroup(Map<String, String> executorSettings, String... executorInstances) {
        stack = TestStack.get();
        topics = new Topics(stack.config().kafkaBootstrap());
        String sim = "http://localhost:" + stack.config().httpPort("relay-simulator");
        simulator = new SimulatorControl(sim);
        Map<String, String> executorEnv = LiveExecutor.env(sim);
        executorEnv.putAll(executorSettings);
        for (String name : StackConfig.SERVICE_MODULES.keySet()) {
            if (name.equals(EXECUTOR)) {
                // Live, so that an execution is something the venue sees (paper mode sends nothing).
                stack.stopService(EXECUTOR);
                LiveExecutor.register(simulator, executorEnv);
                for (String instance : executorInstances) {
                    stack.startService(EXECUTOR, instance, executorEnv);
                }
            } else {
                stack.startService(name);
            }
        }
        await().atMost(Duration.ofSeconds(60))
                .until(() -> stats().path("subscriptions_quote").asInt() >= 1);
        return executorEnv;
    }

    /**
     * Warm-up: {@code quotes} quote requests through every stage until {@code results} trade results
     * are out, so JIT and consumer-group joins are behind the tests. With a long answer window: a
     * cold pipeline on a loaded machine may take longer than the relay's 3 s, and the reactor skips
     * demands past their window.
     */
    static void warmUp(int quotes, int results) {
        Map<TopicPartition, Long> mark = topics.mark("exec.trade_result");
        post(
                "/control/quotes",
                "{\"count\":" + quotes + ",\"rate\":50,\"envelope\":\"B\",\"overrides\":{\"max_wait_ms\":60000}}");
        await().atMost(Duration.ofSeconds(60))
                .until(() -> topics.since("exec.trade_result", mark).size() >= results);
    }

    /** A connection to the stack's PostgreSQL, as the route groups' role. */
    static Connection database() throws SQLException {
        return DriverManager.getConnection(
                stack.postgres().jdbcUrl(),
                stack.postgres().user(),
                stack.postgres().password());
    }

    static JsonNode stats() {
        return simulator.stats();
    }

    static void post(String path, String body) {
        simulator.post(path, body);
    }
}
