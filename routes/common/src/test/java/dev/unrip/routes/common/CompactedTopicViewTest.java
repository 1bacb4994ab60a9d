package dev.unrip.routes.common;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unrip.localstack.KafkaBroker;
import dev.unrip.localstack.StackConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The latest-record-per-key view against a real Kafka broker (the local stack's, as a process):
 * read from the beginning, caught up, following, tombstones, a broker that is not there yet, close.
 * Each test has a compacted topic of its own.
 */
class CompactedTopicViewTest {

    private static final Duration POLL = Duration.ofMillis(100);
    private static final AtomicInteger TOPICS = new AtomicInteger();
    private static KafkaBroker broker;
    private static String bootstrap;
    /** Started before the broker, on its address: it must keep retrying and catch up once the broker is there. */
    private static CompactedTopicView early;

    @BeforeAll
    static void startBroker() throws Exception {
        Path repo = Path.of(System.getProperty("unrip.repo", "../..")).toAbsolutePath();
        Path state = Path.of("target/test-servers/kafka").toAbsolutePath();
        deleteRecursively(state);
        StackConfig config = StackConfig.forTests(repo, state, Map.of());
        bootstrap = config.kafkaBootstrap();
        early = new CompactedTopicView("ctl.early", bootstrap, POLL, (k, v, r) -> {}).start();
        broker = new KafkaBroker(config);
        broker.start();
        assertFalse(early.caughtUp(), "caught up before its topic existed");
        createTopic("ctl.early");
    }

    @AfterAll
    static void stopBroker() {
        if (early != null) {
            early.close();
        }
        if (broker != null) {
            broker.stop();
        }
    }

    @Test
    void theViewHoldsTheLatestValuePerKeyReadFromTheBeginningAndKnowsWhenItCaughtUp() throws Exception {
        String topic = newTopic();
        send(topic, "a", "1");
        send(topic, "b", "1");
        send(topic, "a", "2");
        List<String> seen = new CopyOnWriteArrayList<>();
        AtomicInteger caughtUp = new AtomicInteger();
        try (CompactedTopicView view = new CompactedTopicView(
                        topic, bootstrap, POLL, new CompactedTopicView.Listener() {
                            @Override
                            public void record(String key, byte[] value, ConsumerRecord<String, byte[]> record) {
                                seen.add(
                                        key + "=" + (value == null ? null : new String(value, StandardCharsets.UTF_8)));
                            }

                            @Override
                            public void caughtUp() {
                                caughtUp.incrementAndGet();
                            }
                        })
                .start()) {
            assertTrue(view.awaitCaughtUp(Duration.ofSeconds(20)), "not caught up: " + view.problem());
            // Every record of both partitions before caught up; one key's records in their order.
            assertEquals(3, seen.size(), seen.toString());
            assertTrue(seen.contains("b=1"), seen.toString());
            assertTrue(seen.indexOf("a=1") < seen.indexOf("a=2"), seen.toString());
            assertEquals(1, caughtUp.get());
            assertArrayEquals(bytes("2"), view.value("a").orElseThrow());
            assertEquals(2, view.snapshot().size());
            assertEquals("ok", view.problem());
        }
    }

    @Test
    void aNewRecordIsAppliedWithinASecondAndATombstoneRemovesItsKey() throws Exception {
        String topic = newTopic();
        try (CompactedTopicView view = new CompactedTopicView(topic, bootstrap, POLL, (k, v, r) -> {}).start()) {
            assertTrue(view.awaitCaughtUp(Duration.ofSeconds(20)), "an empty topic is caught up at once");
            assertTrue(view.snapshot().isEmpty());

            send(topic, "global", "HALTED");
            long sent = System.nanoTime();
            await().atMost(Duration.ofSeconds(1))
                    .pollInterval(Duration.ofMillis(5))
                    .until(() -> view.value("global").isPresent());
            assertTrue(System.nanoTime() - sent < TimeUnit.SECONDS.toNanos(1));

            send(topic, "global", null);
            await().atMost(Duration.ofSeconds(1))
                    .pollInterval(Duration.ofMillis(5))
                    .until(() -> view.value("global").isEmpty());
        }
    }

    @Test
    void aTailReadsOnlyTheRecordsFromItsTimeOn() throws Exception {
        String topic = newTopic();
        send(topic, "old", "1");
        java.time.Instant from = java.time.Instant.now().plusMillis(1);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> java.time.Instant.now().isAfter(from.plusMillis(5)));
        send(topic, "new", "1");
        java.util.List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (CompactedTopicView view = CompactedTopicView.tail(topic, bootstrap, POLL, from, (k, v, r) -> seen.add(k))
                .start()) {
            assertTrue(view.awaitCaughtUp(Duration.ofSeconds(20)), view.problem());
            assertEquals(java.util.List.of("new"), seen);
            assertTrue(view.snapshot().isEmpty(), "a tail keeps nothing: its topic's keys would grow without bound");
        }
    }

    @Test
    void aViewStartedBeforeTheBrokerKeepsRetryingAndCatchesUpOnceTheBrokerIsThere() throws Exception {
        send("ctl.early", "k", "v");
        await().atMost(Duration.ofSeconds(30)).until(() -> early.value("k").isPresent());
        assertTrue(early.caughtUp());
    }

    @Test
    void aViewOfABrokerThatIsNotThereIsNotCaughtUpAndClosesPromptly() throws Exception {
        CompactedTopicView nowhere =
                new CompactedTopicView("ctl.nowhere", "localhost:" + freePort(), POLL, (k, v, r) -> {}).start();
        assertFalse(nowhere.awaitCaughtUp(Duration.ofSeconds(1)));
        long t0 = System.nanoTime();
        nowhere.close();
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(6), "close took too long");
        assertFalse(nowhere.caughtUp());
    }

    private static String newTopic() throws Exception {
        String topic = "ctl.view_test_" + TOPICS.incrementAndGet();
        createTopic(topic);
        return topic;
    }

    private static void createTopic(String topic) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1).configs(Map.of("cleanup.policy", "compact"))))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
    }

    private static void send(String topic, String key, String value) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value == null ? null : bytes(value)))
                    .get(30, TimeUnit.SECONDS);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
