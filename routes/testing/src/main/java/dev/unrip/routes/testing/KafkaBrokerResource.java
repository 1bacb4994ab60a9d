package dev.unrip.routes.testing;

import dev.unrip.contracts.TopicCatalogue;
import dev.unrip.localstack.KafkaBroker;
import dev.unrip.localstack.StackConfig;
import dev.unrip.localstack.TopicCreator;
import dev.unrip.localstack.TradingStateSeed;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * A real Kafka broker (KRaft, the local stack's {@link KafkaBroker}) for a route group's tests, with
 * every topic of the catalogue created and the first trading state (global ACTIVE) written; the application under test gets its address as
 * {@code kafka.bootstrap.servers}. Use with {@code @QuarkusTestResource(KafkaBrokerResource.class)}.
 */
public class KafkaBrokerResource implements QuarkusTestResourceLifecycleManager {

    private static volatile String bootstrap;
    private KafkaBroker broker;

    /** The running broker's address, for the test's own clients. */
    public static String bootstrapServers() {
        if (bootstrap == null) {
            throw new IllegalStateException(
                    "the Kafka broker is not started: annotate the test with @QuarkusTestResource(KafkaBrokerResource.class)");
        }
        return bootstrap;
    }

    @Override
    public Map<String, String> start() {
        StackConfig config = TestServers.config("kafka");
        broker = new KafkaBroker(config);
        broker.start();
        TopicCreator.createMissing(
                config.kafkaBootstrap(), TopicCatalogue.load(config.repoRoot().resolve("schemas/topics.yaml")));
        // As the local stack does: global ACTIVE, or every reactor and executor under test stays halted.
        TradingStateSeed.seedIfAbsent(config.kafkaBootstrap());
        bootstrap = config.kafkaBootstrap();
        return Map.of("kafka.bootstrap.servers", bootstrap);
    }

    @Override
    public void stop() {
        if (broker != null) {
            broker.stop();
        }
        bootstrap = null;
    }
}
