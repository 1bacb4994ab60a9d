package dev.unrip.dlq;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unrip.localstack.KafkaBroker;
import dev.unrip.localstack.StackConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * make dlq, make dlq-show and make redrive against a real Kafka broker (the local stack's, run as a
 * process). Each test has a dead-letter topic and a source topic of its own.
 */
class DeadLetterToolsTest {

    private static final AtomicInteger TOPICS = new AtomicInteger();
    private static KafkaBroker broker;
    private static String bootstrap;

    @BeforeAll
    static void startBroker() throws IOException {
        Path repo = Path.of(System.getProperty("unrip.repo", "../..")).toAbsolutePath();
        Path state = Path.of("target/test-servers/kafka").toAbsolutePath();
        deleteRecursively(state);
        StackConfig config = StackConfig.forTests(repo, state, Map.of());
        broker = new KafkaBroker(config);
        broker.start();
        bootstrap = config.kafkaBootstrap();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.stop();
        }
    }

    /** A dead-letter topic and a source topic, new for one test. */
    record Pair(String dlq, String source) {}

    static Pair topics() throws Exception {
        int n = TOPICS.incrementAndGet();
        Pair pair = new Pair("dlq.test_" + n, "raw.test_" + n + ".quote");
        try (Admin admin = Kafka.admin(bootstrap)) {
            admin.createTopics(
                            List.of(new NewTopic(pair.dlq(), 1, (short) 1), new NewTopic(pair.source(), 3, (short) 1)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
        return pair;
    }

    static Map<String, String> dlqHeaders(String reason, String stage, String source) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("ce_id", "raw-" + Math.abs(reason.hashCode()));
        h.put("unrip_venue", "near-intents");
        h.put("dlq_reason", reason);
        h.put("dlq_stage", stage);
        if (source != null) {
            h.put("dlq_source_topic", source);
            h.put("dlq_source_partition", "0");
            h.put("dlq_source_offset", "7");
        }
        h.put("dlq_failed_at", "2026-12-02T10:00:00.000Z");
        h.put("dlq_error_class", "java.lang.IllegalArgumentException");
        return h;
    }

    static void send(String topic, String key, byte[] value, Map<String, String> headers) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            ProducerRecord<byte[], byte[]> r =
                    new ProducerRecord<>(topic, null, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value);
            headers.forEach((k, v) -> r.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
            producer.send(r).get(30, TimeUnit.SECONDS);
        }
    }

    static void deadLetter(Pair pair, String key, String body, String reason) throws Exception {
        send(
                pair.dlq(),
                key,
                body.getBytes(StandardCharsets.UTF_8),
                dlqHeaders(reason, "near-intents-normalize/normalizeSwapDemand", pair.source()));
    }

    static List<ConsumerRecord<byte[], byte[]>> all(String topic) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> reader = Kafka.reader(bootstrap)) {
            Kafka.Window w = Kafka.window(reader, topic);
            Kafka.read(reader, w.begin(), w, out::add);
        }
        return out;
    }

    static Settings settings(String topic) {
        return new Settings(bootstrap, topic, null, 10, OptionalInt.empty(), 0, false, false);
    }

    /** A run's exit status and what it printed. */
    record Run(int status, String out) {}

    interface Command {
        int run(PrintStream out);
    }

    static Run capture(Command command) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int status;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            status = command.run(out);
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        System.out.println(text);
        return new Run(status, text);
    }

    static Run redrive(Settings s) {
        return capture(out -> Redrive.run(s, out));
    }

    @Test
    void summaryCountsByStageAndReasonWithTheOldestAndNewestRecord() throws Exception {
        Pair pair = topics();
        deadLetter(pair, "q-1", "{\"a\":1}", "$.payload.exact_amount_in: integer found, string expected");
        deadLetter(pair, "q-2", "{\"a\":2}", "$.payload.exact_amount_in: integer found, string expected");
        send(
                pair.dlq(),
                null,
                "not json".getBytes(StandardCharsets.UTF_8),
                dlqHeaders(
                        "unclassified relay frame: not JSON (a relay message is one JSON object): x",
                        "near-intents-ingest/ingestNearIntentsQuotes",
                        null));

        Run run = capture(out -> Summary.run(settings(""), List.of(pair.dlq(), "dlq.not_created"), out));

        assertEquals(0, run.status());
        assertTrue(run.out().contains(pair.dlq() + ": 3 records, oldest 20"), run.out());
        assertTrue(
                run.out()
                        .matches(
                                "(?s).*\\s2\\s+near-intents-normalize/normalizeSwapDemand\n\\s+2\\s+\\$\\.payload\\.exact_amount_in\n.*"),
                run.out());
        assertTrue(
                run.out()
                        .matches(
                                "(?s).*\\s1\\s+near-intents-ingest/ingestNearIntentsQuotes\n\\s+1\\s+unclassified relay frame\n.*"),
                run.out());
        assertTrue(run.out().contains("dlq.not_created: not on the broker"), run.out());
        assertTrue(run.out().contains("re-drive: 0 of 3 handled by make redrive"), run.out());
    }

    @Test
    void showPrintsTheNewestMatchingRecordsWithHeadersAndTheBodyAsTextOrBase64() throws Exception {
        Pair pair = topics();
        deadLetter(pair, "q-1", "{\"quote_id\":\"q-1\"}", "status: not one of [...]");
        send(
                pair.dlq(),
                "q-2",
                new byte[] {(byte) 0xc3, 0x28, 0x41},
                dlqHeaders("quote_id: not UTF-8", "near-intents-normalize/normalizeSwapDemand", pair.source()));
        deadLetter(pair, "q-3", "{\"quote_id\":\"q-3\"}", "quote_id: too long");

        Run run = capture(out -> Show.run(
                new Settings(
                        bootstrap, pair.dlq(), Pattern.compile("^quote_id"), 1, OptionalInt.empty(), 0, false, false),
                out));

        assertEquals(0, run.status());
        assertTrue(run.out().contains("3 records, 2 with dlq_reason ~ /^quote_id/; the newest 1"), run.out());
        assertTrue(run.out().contains("offset 2"), run.out());
        assertTrue(run.out().contains("key: q-3"), run.out());
        assertTrue(run.out().matches("(?s).*dlq_reason\\s+quote_id: too long\n.*"), run.out());
        assertTrue(run.out().contains("{\"quote_id\":\"q-3\"}"), run.out());

        Run binary = capture(out -> Show.run(
                new Settings(
                        bootstrap, pair.dlq(), Pattern.compile("not UTF-8"), 10, OptionalInt.empty(), 0, false, false),
                out));
        assertTrue(binary.out().contains("body (3 bytes, not UTF-8, base64):\n    wyhB"), binary.out());
    }

    @Test
    void redriveSendsTheOriginalBytesAndHeadersBackWithACountAndNeverTwice() throws Exception {
        Pair pair = topics();
        byte[] body = "{\"jsonrpc\":\"2.0\",\"method\":\"event\",\"params\":{\"quote_id\":\"q-1\"}}"
                .getBytes(StandardCharsets.UTF_8);
        send(
                pair.dlq(),
                "q-1",
                body,
                dlqHeaders(
                        "$.payload.exact_amount_in: integer found",
                        "near-intents-normalize/normalizeSwapDemand",
                        pair.source()));

        Run first = redrive(settings(pair.dlq()));

        assertEquals(0, first.status());
        assertTrue(first.out().contains("summary: sent 1 (" + pair.source() + ": 1)"), first.out());
        List<ConsumerRecord<byte[], byte[]>> back = all(pair.source());
        assertEquals(1, back.size());
        ConsumerRecord<byte[], byte[]> r = back.get(0);
        assertArrayEquals(body, r.value(), "the original bytes");
        assertEquals("q-1", new String(r.key(), StandardCharsets.UTF_8));
        assertEquals("1", Texts.header(r, "dlq_redrive_count"));
        assertEquals("near-intents", Texts.header(r, "unrip_venue"), "the original headers are kept");
        for (Header h : r.headers()) {
            assertTrue(
                    !h.key().startsWith("dlq_") || h.key().equals("dlq_redrive_count"),
                    "no dlq_* header but the count: " + h.key());
        }

        Run second = redrive(settings(pair.dlq()));
        assertTrue(second.out().contains("summary: sent 0"), second.out());
        assertEquals(1, all(pair.source()).size(), "a second run sends nothing again");
    }

    @Test
    void aRecordAlreadyRedrivenThreeTimesIsParked() throws Exception {
        Pair pair = topics();
        byte[] body = "{\"bad\":true}".getBytes(StandardCharsets.UTF_8);
        send(pair.dlq(), "k", body, dlqHeaders("$.payload: bad", "reactor/reactToSwapDemand", pair.source()));
        for (int cycle = 1; cycle <= 3; cycle++) {
            Run run = redrive(settings(pair.dlq()));
            assertTrue(run.out().contains("summary: sent 1"), run.out());
            // The source consumer rejects it again: the dead-letter channel keeps its headers, adds dlq_*.
            List<ConsumerRecord<byte[], byte[]>> back = all(pair.source());
            ConsumerRecord<byte[], byte[]> again = back.get(back.size() - 1);
            assertEquals(Integer.toString(cycle), Texts.header(again, "dlq_redrive_count"));
            Map<String, String> headers = new LinkedHashMap<>();
            again.headers().forEach(h -> headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8)));
            headers.putAll(dlqHeaders("$.payload: bad", "reactor/reactToSwapDemand", pair.source()));
            send(pair.dlq(), "k", again.value(), headers);
        }

        Run fourth = redrive(settings(pair.dlq()));

        assertTrue(fourth.out().contains("parked 0@3: re-driven 3 times already"), fourth.out());
        assertTrue(fourth.out().contains("summary: sent 0, skipped without source 0, parked 1"), fourth.out());
        assertEquals(3, all(pair.source()).size(), "sent three times, not a fourth");
    }

    @Test
    void recordsWithoutASourceAreListedAsNotRedrivable() throws Exception {
        Pair pair = topics();
        send(
                pair.dlq(),
                null,
                "{\"jsonrpc\":".getBytes(StandardCharsets.UTF_8),
                dlqHeaders("unclassified relay frame: not JSON", "near-intents-ingest/ingestNearIntentsQuotes", null));
        deadLetter(pair, "q-1", "{}", "status: missing");

        Run run = redrive(settings(pair.dlq()));

        assertTrue(run.out().contains("not re-drivable 0@0: no dlq_source_topic"), run.out());
        assertTrue(
                run.out().contains("summary: sent 1 (" + pair.source() + ": 1), skipped without source 1, parked 0"),
                run.out());
    }

    @Test
    void aDryRunChangesNothing() throws Exception {
        Pair pair = topics();
        deadLetter(pair, "q-1", "{\"n\":1}", "status: missing");
        deadLetter(pair, "q-2", "{\"n\":2}", "status: missing");

        Run dry = redrive(new Settings(bootstrap, pair.dlq(), null, 10, OptionalInt.empty(), 0, true, false));

        assertEquals(0, dry.status());
        assertTrue(dry.out().contains("would send 0@0 -> " + pair.source() + " with dlq_redrive_count=1"), dry.out());
        assertTrue(dry.out().contains("summary: would send 2 (" + pair.source() + ": 2)"), dry.out());
        assertTrue(dry.out().contains("dry run: nothing was sent and nothing committed"), dry.out());
        assertEquals(0, all(pair.source()).size(), "nothing sent");
        try (Admin admin = Kafka.admin(bootstrap)) {
            assertTrue(
                    Kafka.committed(admin, Redrive.group(pair.dlq()), pair.dlq())
                            .isEmpty(),
                    "nothing committed");
            assertTrue(
                    admin.listConsumerGroups().all().get().stream()
                            .noneMatch(g -> g.groupId().equals(Redrive.group(pair.dlq()))),
                    "the group was not even joined");
        }

        assertTrue(redrive(settings(pair.dlq())).out().contains("summary: sent 2"));
    }

    @Test
    void aReasonFilterAndMaxLeaveTheRestForALaterRunAndRateSpacesTheSends() throws Exception {
        Pair pair = topics();
        for (int i = 0; i < 3; i++) {
            deadLetter(pair, "a-" + i, "{\"a\":" + i + "}", "$.payload.exact_amount_in: integer found");
            deadLetter(pair, "b-" + i, "{\"b\":" + i + "}", "status: missing");
        }
        Pattern amounts = Pattern.compile("exact_amount_in");

        Run limited = redrive(new Settings(bootstrap, pair.dlq(), amounts, 10, OptionalInt.of(2), 0, false, false));
        assertTrue(limited.out().contains("summary: sent 2"), limited.out());
        assertTrue(limited.out().contains("stopped at MAX 2"), limited.out());

        Run rest = redrive(new Settings(bootstrap, pair.dlq(), amounts, 10, OptionalInt.empty(), 0, false, false));
        assertTrue(rest.out().contains("summary: sent 1"), rest.out());

        long start = System.nanoTime();
        Run others = redrive(new Settings(bootstrap, pair.dlq(), null, 10, OptionalInt.empty(), 5, false, false));
        assertTrue(others.out().contains("summary: sent 3"), others.out());
        assertTrue(System.nanoTime() - start >= Duration.ofMillis(400).toNanos(), "3 sends at 5/s take 0.4 s at least");

        List<String> values = all(pair.source()).stream()
                .map(r -> new String(r.value(), StandardCharsets.UTF_8))
                .sorted()
                .toList();
        assertEquals(
                List.of("{\"a\":0}", "{\"a\":1}", "{\"a\":2}", "{\"b\":0}", "{\"b\":1}", "{\"b\":2}"),
                values,
                "each record sent once");
    }

    @Test
    void aSecondRunOfTheSameTopicIsRefused() throws Exception {
        Pair pair = topics();
        for (int i = 0; i < 12; i++) {
            deadLetter(pair, "q-" + i, "{\"n\":" + i + "}", "status: missing");
        }
        CompletableFuture<Run> slow = CompletableFuture.supplyAsync(
                () -> redrive(new Settings(bootstrap, pair.dlq(), null, 10, OptionalInt.empty(), 4, false, false)));
        try (Admin admin = Kafka.admin(bootstrap)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> hasMember(admin, Redrive.group(pair.dlq())));
        }

        Run second = redrive(settings(pair.dlq()));

        assertEquals(Redrive.REFUSED, second.status());
        assertTrue(
                second.out().contains("refused: another make redrive of " + pair.dlq() + " is running"), second.out());
        Run first = slow.get(60, TimeUnit.SECONDS);
        assertTrue(first.out().contains("summary: sent 12"), first.out());
        assertEquals(12, all(pair.source()).size());
    }

    static boolean hasMember(Admin admin, String group) {
        try {
            return !admin.describeConsumerGroups(List.of(group))
                    .describedGroups()
                    .get(group)
                    .get(5, TimeUnit.SECONDS)
                    .members()
                    .isEmpty();
        } catch (Exception e) {
            return false;
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
