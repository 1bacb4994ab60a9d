package dev.unrip.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.unrip.contracts.TopicCatalogue;
import dev.unrip.contracts.TradingStateRecord;
import dev.unrip.contracts.TradingStateRecord.State;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The first trading state of a stack, against a real broker with the catalogue's topics. */
class TradingStateSeedTest {

    private static KafkaBroker broker;
    private static String bootstrap;

    @BeforeAll
    static void startBroker() throws IOException {
        Path repo = Path.of(System.getProperty("unrip.repo", "../..")).toAbsolutePath();
        Path state = Path.of("target/test-servers/kafka").toAbsolutePath();
        if (Files.exists(state)) {
            try (Stream<Path> paths = Files.walk(state)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        StackConfig config = StackConfig.forTests(repo, state, Map.of());
        broker = new KafkaBroker(config);
        broker.start();
        bootstrap = config.kafkaBootstrap();
        TopicCreator.createMissing(bootstrap, TopicCatalogue.load(repo.resolve("schemas/topics.yaml")));
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.stop();
        }
    }

    @Test
    void aFreshStackGetsOneGlobalActiveRecordAndAnOperatorsHaltSurvivesARestart() throws Exception {
        TradingStateRecord first = TradingStateSeed.seedIfAbsent(bootstrap);
        assertEquals(State.ACTIVE, first.state());
        assertEquals("local-stack", first.setBy());
        assertEquals("local stack start", first.reason());
        assertEquals(1, records());

        assertEquals(first, TradingStateSeed.seedIfAbsent(bootstrap), "a second start finds the first record");
        assertEquals(1, records(), "and writes nothing");

        TradingStateRecord halted =
                TradingStateRecord.now(TradingStateRecord.GLOBAL, State.HALTED, "maintenance", "alice");
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(
                            TradingStateRecord.TOPIC, "global", TradingStateRecord.bytes(halted.event("unrip/test"))))
                    .get(30, TimeUnit.SECONDS);
        }
        assertEquals(halted, TradingStateSeed.seedIfAbsent(bootstrap), "a halt is kept, never resumed by a start");
        assertEquals(2, records());
    }

    private static long records() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaConsumer<String, byte[]> c =
                new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(TradingStateRecord.TOPIC, 0);
            return c.endOffsets(List.of(tp), Duration.ofSeconds(10)).get(tp);
        }
    }
}
