package dev.unrip.it;

import static dev.unrip.routes.testing.Topics.values;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unrip.it.replay.ReplayRun;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Replay on the real stack: a raw stream recorded through the live pipeline (executor in live
 * mode against the relay simulator), then re-read by the replay group exactly as
 * {@code make replay} runs it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplayIT extends LiveLoop {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration RUN_LIMIT = Duration.ofSeconds(90);
    private static final String RAW = "raw.near_intents.quote";
    private static final String NORM = "norm.swap_demand";
    private static final int N = 30;

    /** The recorded window, [from, to), as RFC 3339 times. */
    private static String from;

    private static String to;
    /** What the live pipeline made of the recording: event_id → the normalized record; command_id → command. */
    private static Map<String, Snapshot> liveEvents;

    private static Map<String, Snapshot> liveCommands;
    private static int executedLive;

    /** Everything of a record that its consumers see, but its offset and timestamp. */
    record Snapshot(int partition, String key, String value, List<String> headers) {
        static Snapshot of(ConsumerRecord<String, byte[]> r) {
            List<String> headers = new ArrayList<>();
            r.headers().forEach(h -> headers.add(h.key() + "=" + HexFormat.of().formatHex(h.value())));
            return new Snapshot(r.partition(), r.key(), HexFormat.of().formatHex(r.value()), headers);
        }
    }

    @BeforeAll
    static void recordARawStreamThroughTheLivePipeline() throws Exception {
        startEveryRouteGroup(Map.of(), "");

        Map<TopicPartition, Long> rawMark = topics.mark(RAW);
        Map<TopicPartition, Long> normMark = topics.mark(NORM);
        Map<TopicPartition, Long> cmdMark = topics.mark("cmd.execute_trade");
        Map<TopicPartition, Long> resultMark = topics.mark("exec.trade_result");
        int responsesBefore = stats().path("responses_received").asInt();
        from = Instant.now().toString();
        // A two-minute answer window: the replay into the live topics below comes while the
        // demands can still be answered, so the reactor does decide again (and only the executor's
        // idempotency can keep the venue from a second quote).
        post(
                "/control/quotes",
                "{\"count\":" + N + ",\"rate\":50,\"envelope\":\"B\",\"overrides\":{\"max_wait_ms\":120000}}");
        await().atMost(WAIT)
                .until(() -> topics.since(RAW, rawMark).size() >= N
                        && topics.since(NORM, normMark).size() >= N);
        to = Instant.now().plusMillis(1).toString();
        assertEquals(N, topics.since(RAW, rawMark).size(), "raw records recorded");

        liveEvents = byId(topics.since(NORM, normMark), "event_id");
        assertEquals(N, liveEvents.size(), "distinct normalized events");
        await().atMost(WAIT).until(() -> {
            Set<String> commands = commandIds(cmdMark);
            return !commands.isEmpty() && answeredIds(resultMark).containsAll(commands);
        });
        liveCommands = byId(topics.since("cmd.execute_trade", cmdMark), "event_id");
        executedLive = stats().path("responses_received").asInt() - responsesBefore;
        // The venue counts what the executor sends: the live run did execute, so a second one would show.
        assertTrue(executedLive > 0, "the live run sent no quote to the venue");
    }

    @Test
    @Order(1)
    void replayingTheRecordedStreamTwiceGivesByteIdenticalEventsEqualToTheLiveOnes() throws Exception {
        for (String run : List.of("it-a", "it-b")) {
            ReplayRun.Result result =
                    ReplayRun.run(stack, Map.of("TOPIC", RAW, "FROM", from, "TO", to, "RUN", run), RUN_LIMIT);
            assertEquals(0, result.exitCode(), result.output());
            assertTrue(
                    result.output()
                            .contains("read " + N + " of " + N + " raw records; " + N + " normalized, 0 dead-lettered"),
                    "summary: " + result.output());
            assertTrue(
                    result.output().contains("window [" + from + ", " + to + ") of " + RAW + ": " + N + " records"),
                    "the window as captured: " + result.output());
        }
        Map<String, Snapshot> a = byId(topics.since("replay.it-a." + NORM, Map.of()), "event_id");
        Map<String, Snapshot> b = byId(topics.since("replay.it-b." + NORM, Map.of()), "event_id");
        assertEquals(N, a.size(), "events of the first replay");
        // Value bytes, key, headers and partition, event by event.
        assertEquals(a, b, "the two replays differ");
        assertEquals(liveEvents, a, "a replay differs from the live normalized events");
        assertTrue(
                topics.since("replay.it-a.dlq.near_intents.normalize", Map.of()).isEmpty(), "a replay dead-lettered");
    }

    @Test
    @Order(2)
    void replayIntoTheLiveTopicsExecutesNothingASecondTime() throws Exception {
        Map<TopicPartition, Long> normMark = topics.mark(NORM);
        Map<TopicPartition, Long> cmdMark = topics.mark("cmd.execute_trade");
        Map<TopicPartition, Long> resultMark = topics.mark("exec.trade_result");
        JsonNode before = stats();

        ReplayRun.Result result = ReplayRun.run(
                stack, Map.of("TOPIC", RAW, "FROM", from, "TO", to, "TARGET", "live", "RUN", "it-live"), RUN_LIMIT);
        assertEquals(0, result.exitCode(), result.output());
        assertEquals(
                liveEvents,
                byId(topics.since(NORM, normMark), "event_id"),
                "the live topic got other events than the first time");

        // The reactor decides again on every demand and issues the very same commands (same ids, same
        // bytes); the executor knows each of them and re-publishes its stored result.
        await().atMost(WAIT).until(() -> {
            Set<String> commands = commandIds(cmdMark);
            return commands.size() >= liveCommands.size()
                    && answeredIds(resultMark).containsAll(commands);
        });
        assertEquals(
                liveCommands,
                byId(topics.since("cmd.execute_trade", cmdMark), "event_id"),
                "the commands issued again differ");
        for (JsonNode r : values(topics.since("exec.trade_result", resultMark))) {
            assertTrue(r.path("payload").path("republished").asBoolean(), "a command was decided anew: " + r);
        }
        JsonNode after = stats();
        assertEquals(
                before.path("responses_received").asInt(),
                after.path("responses_received").asInt(),
                "the venue received quotes again (" + executedLive + " the first time)");
        assertEquals(1, after.path("max_responses_per_nonce").asInt());
    }

    @Test
    @Order(3)
    void anEmptyWindowEndsAtOnceAndABadArgumentIsRefusedBeforeAnythingIsRead() throws Exception {
        ReplayRun.Result empty = ReplayRun.run(
                stack, Map.of("TOPIC", RAW, "FROM", "2099-01-01T00:00:00Z", "TO", "now", "RUN", "it-empty"), RUN_LIMIT);
        assertEquals(0, empty.exitCode(), empty.output());
        assertTrue(empty.output().contains("read 0 of 0 raw records"), empty.output());

        ReplayRun.Result bad = ReplayRun.run(
                stack, Map.of("TOPIC", RAW, "FROM", "yesterday", "TO", "now", "RUN", "it-bad"), RUN_LIMIT);
        assertEquals(2, bad.exitCode(), bad.output());
        assertTrue(bad.output().contains("FROM 'yesterday' is not understood"), bad.output());
        assertTrue(bad.output().contains("usage: make replay"), bad.output());
        assertFalse(
                topicNames().stream().anyMatch(t -> t.startsWith("replay.it-bad.")), "a refused run created topics");
    }

    private static Set<String> topicNames() throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.config().kafkaBootstrap());
        try (Admin admin = Admin.create(props)) {
            return admin.listTopics().names().get(30, TimeUnit.SECONDS);
        }
    }

    /** Records by an id in their value; a record seen twice under one id fails (nothing may be duplicated). */
    private static Map<String, Snapshot> byId(List<ConsumerRecord<String, byte[]>> records, String field) {
        Map<String, Snapshot> out = new TreeMap<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            String id = value(r).path(field).asText();
            assertTrue(out.put(id, Snapshot.of(r)) == null, "two records with " + field + " " + id);
        }
        return out;
    }

    private static JsonNode value(ConsumerRecord<String, byte[]> r) {
        try {
            return JSON.readTree(r.value());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + new String(r.value(), StandardCharsets.UTF_8), e);
        }
    }

    /** The event ids of the commands since the mark. */
    private static Set<String> commandIds(Map<TopicPartition, Long> cmdMark) {
        return byId(topics.since("cmd.execute_trade", cmdMark), "event_id").keySet();
    }

    /** The command ids of the trade results since the mark. */
    private static Set<String> answeredIds(Map<TopicPartition, Long> resultMark) {
        return values(topics.since("exec.trade_result", resultMark)).stream()
                .map(r -> r.path("payload").path("command_id").asText())
                .collect(Collectors.toSet());
    }
}
