package dev.unrip.it;

import static dev.unrip.routes.testing.Topics.header;
import static dev.unrip.routes.testing.Topics.values;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unrip.contracts.EventIds;
import dev.unrip.contracts.EventTime;
import dev.unrip.nearintents.protocol.VersionedNonce;
import dev.unrip.routes.testing.StoredResults;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole loop on the real stack, every route group its own process, the executor in live mode
 * against the relay simulator: relay → raw → norm → cmd → result, linked by ids.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TradingLoopIT extends LiveLoop {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static Map<String, String> live;

    @BeforeAll
    static void startEveryRouteGroupWithALiveExecutor() throws Exception {
        live = startEveryRouteGroup(Map.of(), "");
        warmUp(5, 2);
    }

    @Test
    @Order(1)
    void everyQuoteRequestBecomesOneRawOneNormalizedOneCommandAndOneResultLinkedById() throws Exception {
        Map<String, Map<TopicPartition, Long>> marks = new HashMap<>();
        for (String t :
                List.of("raw.near_intents.quote", "norm.swap_demand", "cmd.execute_trade", "exec.trade_result")) {
            marks.put(t, topics.mark(t));
        }
        JsonNode before = stats();
        int n = 30;
        push(n);
        await().atMost(WAIT)
                .until(() -> topics.since("raw.near_intents.quote", marks.get("raw.near_intents.quote"))
                                        .size()
                                >= n
                        && topics.since("norm.swap_demand", marks.get("norm.swap_demand"))
                                        .size()
                                >= n);
        List<ConsumerRecord<String, byte[]>> normRecords =
                topics.since("norm.swap_demand", marks.get("norm.swap_demand"));
        List<JsonNode> norm = values(normRecords);
        for (int i = 0; i < norm.size(); i++) {
            // The envelope is mirrored in CloudEvents headers, so consumers can route without parsing.
            assertEquals(norm.get(i).path("event_id").asText(), header(normRecords.get(i), "ce_id"));
            assertEquals("norm.swap_demand.v1", header(normRecords.get(i), "ce_type"));
            assertEquals(norm.get(i).path("causation_id").asText(), header(normRecords.get(i), "unrip_causation_id"));
        }
        List<ConsumerRecord<String, byte[]>> raw =
                topics.since("raw.near_intents.quote", marks.get("raw.near_intents.quote"));
        assertEquals(n, raw.size(), "raw records");
        assertEquals(n, norm.size(), "normalized events");
        Set<String> rawIds = raw.stream()
                .map(r -> new String(r.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8))
                .collect(Collectors.toSet());
        assertEquals(n, rawIds.size(), "distinct raw event ids");
        assertTrue(
                norm.stream()
                        .allMatch(e -> rawIds.contains(e.path("causation_id").asText())),
                "every normalized event names its raw event");

        // The placeholder strategy answers allow-listed pairs only; the rest is skipped and counted.
        Set<String> normIds =
                norm.stream().map(e -> e.path("event_id").asText()).collect(Collectors.toSet());
        await().atMost(WAIT).until(() -> {
            Set<String> cmds = values(topics.since("cmd.execute_trade", marks.get("cmd.execute_trade"))).stream()
                    .map(c -> c.path("payload").path("command_id").asText())
                    .collect(Collectors.toSet());
            long answered = values(topics.since("exec.trade_result", marks.get("exec.trade_result"))).stream()
                    .filter(r ->
                            cmds.contains(r.path("payload").path("command_id").asText()))
                    .count();
            return !cmds.isEmpty() && answered >= cmds.size();
        });
        List<JsonNode> commands = values(topics.since("cmd.execute_trade", marks.get("cmd.execute_trade")));
        List<JsonNode> results = values(topics.since("exec.trade_result", marks.get("exec.trade_result")));
        assertTrue(
                commands.size() >= n / 2,
                "most simulated pairs are allow-listed: " + commands.size() + " commands of " + n);
        assertTrue(
                commands.stream()
                        .allMatch(c -> normIds.contains(c.path("causation_id").asText())),
                "every command names its demand");
        Set<String> commandIds = commands.stream()
                .map(c -> c.path("payload").path("command_id").asText())
                .collect(Collectors.toSet());
        assertEquals(commands.size(), commandIds.size(), "distinct command ids");
        // Only this test's commands: an earlier test's execution left in doubt is decided by
        // reconciliation once its quote deadline passes, and its result may land in this window.
        results = results.stream()
                .filter(r ->
                        commandIds.contains(r.path("payload").path("command_id").asText()))
                .toList();
        assertEquals(commands.size(), results.size(), "one result per command");
        // A command that reached the executor after the relay's answer window ends EXPIRED, unsent
        // (a loaded 2-core CI machine can be that slow for a cold JVM); every other one is answered.
        long succeeded = 0;
        for (JsonNode r : results) {
            assertTrue(
                    commandIds.contains(r.path("payload").path("command_id").asText()),
                    "result for an unknown command: " + r);
            String status = r.path("payload").path("status").asText();
            assertTrue(Set.of("SUCCEEDED", "EXPIRED").contains(status), "result: " + r);
            assertEquals("live", r.path("payload").path("mode").asText());
            succeeded += "SUCCEEDED".equals(status) ? 1 : 0;
        }
        assertTrue(succeeded > 0, "no command was answered in time");
        // The venue saw exactly one quote_response per answered command, each nonce once, each signature valid.
        JsonNode after = stats();
        assertEquals(
                succeeded,
                after.path("responses_received").asInt()
                        - before.path("responses_received").asInt());
        assertEquals(
                succeeded,
                after.path("responses_accepted").asInt()
                        - before.path("responses_accepted").asInt());
        assertEquals(0, after.path("rejected_bad_signature").asInt());
        assertEquals(1, after.path("max_responses_per_nonce").asInt());
        // The nonce the venue saw derives from the command's idempotency key (itself from command_id).
        JsonNode result = results.stream()
                .filter(r -> "SUCCEEDED".equals(r.path("payload").path("status").asText()))
                .findFirst()
                .orElseThrow();
        JsonNode cmd = commands.stream()
                .filter(c -> c.path("payload")
                        .path("command_id")
                        .asText()
                        .equals(result.path("payload").path("command_id").asText()))
                .findFirst()
                .orElseThrow()
                .path("payload");
        byte[] nonce = Base64.getDecoder()
                .decode(result.path("payload").path("venue_ref").path("nonce").asText());
        assertTrue(
                VersionedNonce.matchesKey(nonce, cmd.path("idempotency_key").asText()),
                "nonce does not end with the idempotency key");
        // Accepted by the relay; not used on chain, where a nonce is consumed only when an intent settles.
        JsonNode seen = get("/control/nonces/" + HexFormat.of().formatHex(nonce));
        assertTrue(seen.path("accepted").asBoolean(), seen.toString());
        assertTrue(!seen.path("used").asBoolean(), "no settlement, so the nonce is not used on chain: " + seen);
    }

    @Test
    @Order(2)
    void duplicateCommandIsNotExecutedTwiceAndGetsTheStoredResultAgain() throws Exception {
        List<ConsumerRecord<String, byte[]>> commands = topics.since("cmd.execute_trade", Map.of());
        ConsumerRecord<String, byte[]> original = commands.get(commands.size() - 1);
        String commandId = JSON.readTree(original.value())
                .path("payload")
                .path("command_id")
                .asText();
        await().atMost(WAIT).until(() -> resultsFor(commandId, Map.of()).size() >= 1);
        Map<TopicPartition, Long> mark = topics.mark("exec.trade_result");
        int acceptedBefore = stats().path("responses_received").asInt();

        Map<String, byte[]> headers = new HashMap<>();
        original.headers().forEach(h -> headers.put(h.key(), h.value()));
        topics.send("cmd.execute_trade", original.key(), original.value(), headers);

        await().atMost(WAIT).until(() -> !resultsFor(commandId, mark).isEmpty());
        JsonNode again = resultsFor(commandId, mark).get(0).path("payload");
        JsonNode first = resultsFor(commandId, Map.of()).get(0).path("payload");
        assertTrue(again.path("republished").asBoolean(), "the re-published result is marked: " + again);
        assertTrue(again.path("delivery").asInt() >= 2);
        assertEquals(first.path("result_id").asText(), again.path("result_id").asText(), "same result id");
        assertEquals(first.path("status").asText(), again.path("status").asText(), "same outcome");
        assertEquals(acceptedBefore, stats().path("responses_received").asInt(), "nothing new was sent to the venue");
        assertEquals(1, stats().path("max_responses_per_nonce").asInt());
    }

    @Test
    @Order(3)
    void aCommandDeliveredTwiceBackToBackIsExecutedOnceAndItsOutcomeRepublished() throws Exception {
        // A new command (fresh ids) sent twice in one producer flush: both copies usually land in
        // the same poll, so the executor meets the duplicate inside one batch.
        List<ConsumerRecord<String, byte[]>> commands = topics.since("cmd.execute_trade", Map.of());
        ConsumerRecord<String, byte[]> template = commands.get(commands.size() - 1);
        ObjectNode command = (ObjectNode) JSON.readTree(template.value());
        String commandId = UUID.randomUUID().toString();
        ((ObjectNode) command.path("payload"))
                .put("command_id", commandId)
                .put("idempotency_key", EventIds.idempotencyKey(commandId));
        byte[] value = JSON.writeValueAsBytes(command);
        Map<String, byte[]> headers = new HashMap<>();
        template.headers().forEach(h -> headers.put(h.key(), h.value()));
        Map<TopicPartition, Long> mark = topics.mark("exec.trade_result");
        int receivedBefore = stats().path("responses_received").asInt();

        topics.sendAll("cmd.execute_trade", template.key(), List.of(value, value), headers);

        await().atMost(WAIT).until(() -> resultsFor(commandId, mark).size() >= 2);
        List<JsonNode> outcomes =
                resultsFor(commandId, mark).stream().map(r -> r.path("payload")).toList();
        assertEquals(2, outcomes.size(), "one result per delivery: " + outcomes);
        assertEquals(
                1,
                outcomes.stream()
                        .filter(o -> !o.path("republished").asBoolean())
                        .count(),
                "exactly one first outcome: " + outcomes);
        JsonNode again = outcomes.stream()
                .filter(o -> o.path("republished").asBoolean())
                .findFirst()
                .orElseThrow();
        assertTrue(again.path("delivery").asInt() >= 2, "the copy counts its delivery: " + again);
        assertEquals(
                1,
                outcomes.stream()
                        .map(o -> o.path("result_id").asText() + "/"
                                + o.path("status").asText())
                        .distinct()
                        .count(),
                "same result id and outcome: " + outcomes);
        // At most one quote response left for it (none if it had already expired), and every nonce once.
        int sent = stats().path("responses_received").asInt() - receivedBefore;
        assertEquals(
                "SUCCEEDED".equals(again.path("status").asText()) ? 1 : 0,
                sent,
                "quote responses the venue received: " + outcomes);
        assertEquals(1, stats().path("max_responses_per_nonce").asInt());
    }

    @Test
    @Order(4)
    void malformedFrameUnknownMethodAndSchemaInvalidQuoteGoToDeadLetterWithReasonAndTheLoopGoesOn() throws Exception {
        Map<TopicPartition, Long> ingestDlq = topics.mark("dlq.near_intents.ingest");
        Map<TopicPartition, Long> normalizeDlq = topics.mark("dlq.near_intents.normalize");
        String malformed = "{\"jsonrpc\":\"2.0\",\"method\":\"event\",\"params\":{";
        String unknownMethod = "{\"jsonrpc\":\"2.0\",\"method\":\"mystery\",\"params\":{}}";
        String invalidQuote =
                "{\"jsonrpc\":\"2.0\",\"method\":\"event\",\"params\":{\"subscription\":\"x\",\"data\":{\"quote_id\":\"bad-1\","
                        + "\"defuse_asset_identifier_in\":\"nep141:wrap.near\",\"defuse_asset_identifier_out\":\"nep141:usdt.tether-token.near\","
                        + "\"exact_amount_in\":1.5,\"min_deadline_ms\":60000}}}";
        for (String frame : List.of(malformed, unknownMethod, invalidQuote)) {
            post("/control/frames", frame);
        }
        await().atMost(WAIT)
                .until(() -> topics.since("dlq.near_intents.ingest", ingestDlq).size() >= 2
                        && !topics.since("dlq.near_intents.normalize", normalizeDlq)
                                .isEmpty());
        Map<String, String> reasons = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : topics.since("dlq.near_intents.ingest", ingestDlq)) {
            reasons.put(new String(r.value(), StandardCharsets.UTF_8), header(r, "dlq_reason"));
        }
        assertTrue(reasons.get(malformed).contains("not JSON"), "reason: " + reasons.get(malformed));
        assertTrue(
                reasons.get(unknownMethod).contains("unknown method 'mystery'"),
                "reason: " + reasons.get(unknownMethod));
        ConsumerRecord<String, byte[]> rejected =
                topics.since("dlq.near_intents.normalize", normalizeDlq).get(0);
        assertEquals(invalidQuote, new String(rejected.value(), StandardCharsets.UTF_8), "the original bytes are kept");
        assertTrue(
                header(rejected, "dlq_reason").contains("exact_amount_in"),
                "reason names the field: " + header(rejected, "dlq_reason"));
        assertEquals("raw.near_intents.quote", header(rejected, "dlq_source_topic"));

        Map<TopicPartition, Long> mark = topics.mark("exec.trade_result");
        push(3);
        await().atMost(WAIT)
                .until(() -> !topics.since("exec.trade_result", mark).isEmpty());
    }

    @Test
    @Order(4)
    void aSwapOfAnAssetForItselfIsDeadLetteredByNormalizeNamingTheField() throws Exception {
        Map<TopicPartition, Long> normalizeDlq = topics.mark("dlq.near_intents.normalize");
        Map<TopicPartition, Long> norm = topics.mark("norm.swap_demand");
        String same = quoteFrame("same-asset-1", "nep141:wrap.near", "nep141:wrap.near", "");
        post("/control/frames", same);

        ConsumerRecord<String, byte[]> rejected = awaitDeadLetter("dlq.near_intents.normalize", normalizeDlq, same);
        assertTrue(
                header(rejected, "dlq_reason")
                        .startsWith("defuse_asset_identifier_out: the same asset as defuse_asset_identifier_in"),
                "reason names the field: " + header(rejected, "dlq_reason"));
        assertTrue(
                requestIds(norm).stream().noneMatch(id -> id.startsWith("same-asset")), "a self-swap was normalized");
    }

    @Test
    @Order(4)
    void idsThatCannotBeKeptExactlyAreDeadLetteredNeverChanged() throws Exception {
        Map<TopicPartition, Long> ingestDlq = topics.mark("dlq.near_intents.ingest");
        Map<TopicPartition, Long> normalizeDlq = topics.mark("dlq.near_intents.normalize");
        Map<TopicPartition, Long> norm = topics.mark("norm.swap_demand");
        // A JSON escape of a lone surrogate is valid JSON with no UTF-8 encoding: as the record key the
        // quote_id would have become "exact-?-1". The ingest keeps the frame on its dead-letter topic.
        String loneSurrogateId = quoteFrame("exact-\\ud800-1", "nep141:wrap.near", "nep141:usdt.tether-token.near", "");
        // A control character in an asset id is no id: normalize refuses it.
        String controlInAsset = quoteFrame("exact-2", "nep141:wrap\\u0000.near", "nep141:usdt.tether-token.near", "");
        post("/control/frames", loneSurrogateId);
        post("/control/frames", controlInAsset);
        // A raw record as an older ingest wrote it, straight onto the raw topic: normalize refuses the id too.
        String olderRaw = quoteFrame("exact-\\udc01-3", "nep141:wrap.near", "nep141:usdt.tether-token.near", "");
        String now = java.time.Instant.now().toString();
        topics.send(
                "raw.near_intents.quote",
                "exact-3",
                olderRaw.getBytes(StandardCharsets.UTF_8),
                Map.of(
                        "ce_id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8),
                        "unrip_observed_at", now.getBytes(StandardCharsets.UTF_8),
                        "unrip_ingested_at", now.getBytes(StandardCharsets.UTF_8)));

        ConsumerRecord<String, byte[]> atIngest =
                awaitDeadLetter("dlq.near_intents.ingest", ingestDlq, loneSurrogateId);
        assertTrue(
                header(atIngest, "dlq_reason").contains("quote_id: holds a lone UTF-16 surrogate U+D800 at index 6"),
                "reason: " + header(atIngest, "dlq_reason"));
        ConsumerRecord<String, byte[]> control =
                awaitDeadLetter("dlq.near_intents.normalize", normalizeDlq, controlInAsset);
        assertTrue(
                header(control, "dlq_reason")
                        .startsWith("defuse_asset_identifier_in: holds the control character U+0000"),
                "reason: " + header(control, "dlq_reason"));
        ConsumerRecord<String, byte[]> older = awaitDeadLetter("dlq.near_intents.normalize", normalizeDlq, olderRaw);
        assertTrue(
                header(older, "dlq_reason").startsWith("quote_id: holds a lone UTF-16 surrogate U+DC01"),
                "reason: " + header(older, "dlq_reason"));
        assertTrue(
                requestIds(norm).stream().noneMatch(id -> id.startsWith("exact-")),
                "a changed id was normalized: " + requestIds(norm));
    }

    @Test
    @Order(4)
    void anOversizedFrameIsDeadLetteredWithItsSizeAndFirstBytesAndTheSocketStaysOpen() throws Exception {
        Map<TopicPartition, Long> ingestDlq = topics.mark("dlq.near_intents.ingest");
        Map<TopicPartition, Long> raw = topics.mark("raw.near_intents.quote");
        int connectsBefore = stats().path("connects_total").asInt();
        // 100 KiB: above the WebSocket client's 64 KiB default, well under ingest.max-frame-bytes (512 KiB).
        String large =
                quoteFrame("large-1", "nep141:wrap.near", "nep141:usdt.tether-token.near", "x".repeat(100 * 1024));
        // 600 KiB: above ingest.max-frame-bytes.
        String oversized =
                quoteFrame("oversized-1", "nep141:wrap.near", "nep141:usdt.tether-token.near", "y".repeat(600 * 1024));
        post("/control/frames", large);
        post("/control/frames", oversized);

        byte[] oversizedBytes = oversized.getBytes(StandardCharsets.UTF_8);
        await().atMost(WAIT)
                .until(() -> !topics.since("dlq.near_intents.ingest", ingestDlq).isEmpty());
        ConsumerRecord<String, byte[]> rejected =
                topics.since("dlq.near_intents.ingest", ingestDlq).get(0);
        assertTrue(
                header(rejected, "dlq_reason").startsWith("oversized: frame of " + oversizedBytes.length + " bytes"),
                "reason: " + header(rejected, "dlq_reason"));
        assertEquals(Integer.toString(oversizedBytes.length), header(rejected, "unrip_frame_bytes"));
        assertTrue(
                Arrays.equals(Arrays.copyOf(oversizedBytes, 4096), rejected.value()),
                "the frame's first 4096 bytes are kept");

        await().atMost(WAIT)
                .until(() -> !topics.since("raw.near_intents.quote", raw).isEmpty());
        assertEquals(
                large,
                new String(topics.since("raw.near_intents.quote", raw).get(0).value(), StandardCharsets.UTF_8),
                "the large frame byte for byte");
        assertEquals(
                connectsBefore,
                stats().path("connects_total").asInt(),
                "the ingest reconnected: the socket was closed");
        Map<TopicPartition, Long> after = topics.mark("raw.near_intents.quote");
        push(3);
        await().atMost(WAIT)
                .until(() -> topics.since("raw.near_intents.quote", after).size() >= 3);
        assertEquals(
                connectsBefore,
                stats().path("connects_total").asInt(),
                "the ingest reconnected: the socket was closed");
    }

    /** A quote event frame (envelope B); ids are inserted as JSON text, so escapes stay escapes. */
    private static String quoteFrame(String quoteId, String assetIn, String assetOut, String padding) {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"event\",\"params\":{\"subscription\":\"x\",\"data\":{\"quote_id\":\""
                + quoteId + "\","
                + "\"defuse_asset_identifier_in\":\"" + assetIn + "\",\"defuse_asset_identifier_out\":\"" + assetOut
                + "\","
                + "\"exact_amount_in\":\"1000000\",\"min_deadline_ms\":60000"
                + (padding.isEmpty() ? "" : ",\"padding\":\"" + padding + "\"") + "}}}";
    }

    /** The dead letter whose value is exactly this frame, once it is there. */
    private static ConsumerRecord<String, byte[]> awaitDeadLetter(
            String topic, Map<TopicPartition, Long> mark, String frame) {
        byte[] bytes = frame.getBytes(StandardCharsets.UTF_8);
        return await().atMost(WAIT)
                .until(
                        () -> topics.since(topic, mark).stream()
                                .filter(r -> Arrays.equals(bytes, r.value()))
                                .findFirst(),
                        java.util.Optional::isPresent)
                .get();
    }

    private static List<String> requestIds(Map<TopicPartition, Long> normMark) {
        return values(topics.since("norm.swap_demand", normMark)).stream()
                .map(e -> e.path("payload").path("request_id").asText())
                .toList();
    }

    @Test
    @Order(5)
    void droppedSocketIsReconnectedResubscribedAndTheGapShowsInMetrics() throws Exception {
        int connectsBefore = stats().path("connects_total").asInt();
        post("/control/drop", "");
        await().atMost(WAIT)
                .until(() -> stats().path("connects_total").asInt() > connectsBefore
                        && stats().path("subscriptions_quote").asInt() >= 1);
        Map<TopicPartition, Long> mark = topics.mark("raw.near_intents.quote");
        push(5);
        await().atMost(WAIT)
                .until(() -> topics.since("raw.near_intents.quote", mark).size() >= 5);
        String metrics = HTTP.send(
                        HttpRequest.newBuilder(URI.create("http://localhost:"
                                        + stack.config().httpPort("near-intents-ingest") + "/q/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        assertTrue(
                metrics.lines().anyMatch(l -> l.startsWith("unrip_ingest_gaps_total") && !l.endsWith(" 0.0")),
                "gap metric missing or zero");
        assertTrue(metrics.contains("unrip_ingest_disconnects_total"));
    }

    @Test
    @Order(6)
    void executorKilledMidStreamAndRestartedExecutesNoCommandTwiceAndLosesNone() throws Exception {
        Map<TopicPartition, Long> cmdMark = topics.mark("cmd.execute_trade");
        Map<TopicPartition, Long> resultMark = topics.mark("exec.trade_result");
        push(40);
        // kill -9 while commands are flowing: some are mid-execution, some results unacknowledged.
        await().atMost(WAIT)
                .until(() -> topics.since("exec.trade_result", resultMark).size() >= 3);
        stack.service("near-intents-execute").process().kill();
        stack.startService("near-intents-execute", "", live);

        // Every command gets exactly one first-hand outcome (re-publications are marked); commands
        // caught mid-execution are reconciled with the venue after their lease, never re-sent.
        Duration afterLease = Duration.ofSeconds(120);
        await().atMost(afterLease).until(() -> {
            Set<String> commands = values(topics.since("cmd.execute_trade", cmdMark)).stream()
                    .map(c -> c.path("payload").path("command_id").asText())
                    .collect(Collectors.toSet());
            Set<String> decided = values(topics.since("exec.trade_result", resultMark)).stream()
                    .filter(r ->
                            !"IN_DOUBT".equals(r.path("payload").path("status").asText()))
                    .map(r -> r.path("payload").path("command_id").asText())
                    .collect(Collectors.toSet());
            return !commands.isEmpty() && decided.containsAll(commands);
        });
        Map<String, Long> firstHand = values(topics.since("exec.trade_result", resultMark)).stream()
                .filter(r -> !r.path("payload").path("republished").asBoolean())
                .filter(r -> !"IN_DOUBT".equals(r.path("payload").path("status").asText()))
                .collect(Collectors.groupingBy(
                        r -> r.path("payload").path("command_id").asText(), Collectors.counting()));
        assertTrue(
                firstHand.values().stream().allMatch(n -> n == 1), "a command with two final outcomes: " + firstHand);
        assertEquals(1, stats().path("max_responses_per_nonce").asInt(), "a nonce reached the venue twice");
    }

    @Test
    @Order(7)
    void tradeResultsStoresARedeliveredResultOnceAndDeadLettersAnInvalidOneFromTheSameBatch() throws Exception {
        // A stored result delivered again, after a result the schema rejects, in one producer flush
        // (same key, so usually one poll): the invalid one goes to the dead-letter topic with its
        // reason, the other is still written, as an update of its row, never a second row.
        ConsumerRecord<String, byte[]> stored =
                topics.since("exec.trade_result", Map.of()).get(0);
        String resultId =
                JSON.readTree(stored.value()).path("payload").path("result_id").asText();
        await().atMost(WAIT).until(() -> resultRow(resultId)[0] == 1);
        long deliveriesBefore = resultRow(resultId)[1];
        ObjectNode invalid = (ObjectNode) JSON.readTree(stored.value());
        ((ObjectNode) invalid.path("payload"))
                .put("status", "MAYBE")
                .put("result_id", UUID.randomUUID().toString());
        byte[] invalidBytes = JSON.writeValueAsBytes(invalid);
        Map<String, byte[]> headers = new HashMap<>();
        stored.headers().forEach(h -> headers.put(h.key(), h.value()));
        Map<TopicPartition, Long> dlq = topics.mark("dlq.trade_results");

        topics.sendAll("exec.trade_result", stored.key(), List.of(invalidBytes, stored.value()), headers);

        await().atMost(WAIT)
                .until(() ->
                        !topics.since("dlq.trade_results", dlq).isEmpty() && resultRow(resultId)[1] > deliveriesBefore);
        ConsumerRecord<String, byte[]> rejected =
                topics.since("dlq.trade_results", dlq).get(0);
        assertTrue(Arrays.equals(invalidBytes, rejected.value()), "the original bytes are kept");
        assertTrue(
                header(rejected, "dlq_reason").contains("status"),
                "reason names the field: " + header(rejected, "dlq_reason"));
        assertEquals("exec.trade_result", header(rejected, "dlq_source_topic"));
        assertEquals(
                List.of(1L, deliveriesBefore + 1),
                List.of(resultRow(resultId)[0], resultRow(resultId)[1]),
                "one row, one more delivery");
        assertEquals(
                0,
                resultRow(invalid.path("payload").path("result_id").asText())[0],
                "nothing stored for the invalid result");
    }

    @Test
    @Order(8)
    void aDeadLetteredCommandRedrivenReachesTheExecutorAgainByteForByteAndExecutesAtMostOnce() throws Exception {
        String run = UUID.randomUUID().toString();
        // A command the reactor wrote (the warm-up's), as the template of a fresh one.
        ConsumerRecord<String, byte[]> template = topics.since("cmd.execute_trade", Map.of()).stream()
                .filter(r -> "unrip/reactor"
                        .equals(jsonOrEmpty(r.value()).path("source").asText()))
                .reduce((a, b) -> b)
                .orElseThrow();
        Map<TopicPartition, Long> dlq = topics.mark(EXECUTOR_DLQ);

        // 1. A command the executor's schema refuses, dead-lettered by the executor itself.
        byte[] invalid = Files.readAllBytes(Path.of(System.getProperty("unrip.repo", ".."))
                .resolve("schemas/events/examples/cmd.execute_trade.v1/invalid--amount_out--number-not-string.json"));
        String invalidKey = "redrive-it-invalid-" + run;
        topics.send("cmd.execute_trade", invalidKey, invalid, Map.of());
        await().atMost(WAIT).until(() -> deadLetters(dlq, invalidKey).size() == 1);
        assertEquals("cmd.execute_trade", header(deadLetters(dlq, invalidKey).get(0), "dlq_source_topic"));

        // 2. A valid command that was never executed, on the dead-letter topic as the executor writes
        //    it (its headers, dlq_* on top): what a re-drive is for, after a too strict schema was
        //    fixed. No route dead-letters a valid command today, so the test writes the record.
        ObjectNode command = (ObjectNode) JSON.readTree(template.value());
        String commandId = UUID.randomUUID().toString();
        ObjectNode payload = (ObjectNode) command.path("payload");
        payload.put("command_id", commandId)
                .put("idempotency_key", EventIds.idempotencyKey(commandId))
                .put("expires_at", EventTime.format(Instant.now().plusSeconds(120)));
        ((ObjectNode) payload.path("action"))
                .put("quote_deadline", EventTime.format(Instant.now().plusSeconds(180)));
        byte[] valid = JSON.writeValueAsBytes(command);
        Map<String, byte[]> headers = new HashMap<>();
        template.headers().forEach(h -> headers.put(h.key(), h.value()));
        headers.put("dlq_reason", utf8("redrive-it " + run + ": held back by a stricter schema, since fixed"));
        headers.put("dlq_stage", utf8("near-intents-execute/validateTradeCommand"));
        headers.put("dlq_source_topic", utf8("cmd.execute_trade"));
        headers.put("dlq_failed_at", utf8(EventTime.format(Instant.now())));
        topics.send(EXECUTOR_DLQ, commandId, valid, headers);

        Map<TopicPartition, Long> commands = topics.mark("cmd.execute_trade");
        Map<TopicPartition, Long> results = topics.mark("exec.trade_result");
        Map<TopicPartition, Long> again = topics.mark(EXECUTOR_DLQ);
        int sentBefore = stats().path("responses_received").asInt();
        // Only this test's two records (other tests' dead letters stay where they are).
        String reason = "amount_out|redrive-it " + run;

        assertEquals(0, redrive(reason, false), "first re-drive");

        // Both are back on the command topic byte for byte, counted; the executor meets both again.
        List<ConsumerRecord<String, byte[]>> back = topics.since("cmd.execute_trade", commands);
        for (byte[] original : List.of(invalid, valid)) {
            ConsumerRecord<String, byte[]> r = back.stream()
                    .filter(b -> Arrays.equals(original, b.value()))
                    .findFirst()
                    .orElseThrow(
                            () -> new AssertionError("not re-driven byte for byte: " + back.size() + " records back"));
            assertEquals("1", header(r, "dlq_redrive_count"));
            assertEquals(null, header(r, "dlq_reason"), "no dlq_* header goes back");
        }
        await().atMost(WAIT).until(() -> deadLetters(again, invalidKey).size() == 1);
        ConsumerRecord<String, byte[]> refusedAgain =
                deadLetters(again, invalidKey).get(0);
        assertTrue(Arrays.equals(invalid, refusedAgain.value()), "the executor read the original bytes again");
        assertEquals("1", header(refusedAgain, "dlq_redrive_count"), "and the count header with them");

        await().atMost(WAIT).until(() -> !resultsFor(commandId, results).isEmpty());
        JsonNode first = resultsFor(commandId, results).get(0).path("payload");
        assertTrue(!first.path("republished").asBoolean(), "a first outcome: " + first);
        assertTrue(!"EXPIRED".equals(first.path("status").asText()), "executed, not expired: " + first);
        assertEquals(1, stats().path("responses_received").asInt() - sentBefore, "one quote response sent");

        // 3. The same dead letter re-driven once more (RESET=1: as if the first run's progress were
        //    lost): the executor re-publishes the stored outcome and sends nothing.
        Map<TopicPartition, Long> secondResults = topics.mark("exec.trade_result");
        assertEquals(0, redrive("redrive-it " + run, true), "second re-drive");
        await().atMost(WAIT).until(() -> !resultsFor(commandId, secondResults).isEmpty());
        JsonNode second = resultsFor(commandId, secondResults).get(0).path("payload");
        assertTrue(second.path("republished").asBoolean(), "the stored outcome again: " + second);
        assertEquals(first.path("result_id").asText(), second.path("result_id").asText());
        assertEquals(first.path("status").asText(), second.path("status").asText());
        assertEquals(1, stats().path("responses_received").asInt() - sentBefore, "nothing more sent to the venue");
        assertEquals(1, stats().path("max_responses_per_nonce").asInt());
        assertEquals(
                1,
                resultsFor(commandId, results).stream()
                        .filter(r -> !r.path("payload").path("republished").asBoolean())
                        .count(),
                "one first outcome over both re-drives");
    }

    private static final String EXECUTOR_DLQ = "dlq.near_intents.execute";

    /** `make redrive TOPIC=dlq.near_intents.execute REASON=…`: the same tool, on the test stack's broker. */
    private static int redrive(String reason, boolean reset) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", stack.config().kafkaBootstrap());
        env.put("DLQ_TOPIC", EXECUTOR_DLQ);
        env.put("DLQ_REASON", reason);
        if (reset) {
            env.put("DLQ_RESET", "1");
        }
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        int status = dev.unrip.dlq.Main.run("redrive", env, print, print);
        System.out.println(out.toString(StandardCharsets.UTF_8));
        return status;
    }

    private static List<ConsumerRecord<String, byte[]>> deadLetters(Map<TopicPartition, Long> mark, String key) {
        return topics.since(EXECUTOR_DLQ, mark).stream()
                .filter(r -> key.equals(r.key()))
                .toList();
    }

    private static JsonNode jsonOrEmpty(byte[] value) {
        try {
            return JSON.readTree(value);
        } catch (java.io.IOException e) {
            return JSON.createObjectNode();
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** {rows, deliveries} of results.trade_result for a result id. */
    private static long[] resultRow(String resultId) throws Exception {
        return StoredResults.row(database(), resultId);
    }

    private static List<JsonNode> resultsFor(String commandId, Map<TopicPartition, Long> mark) {
        return values(topics.since("exec.trade_result", mark)).stream()
                .filter(r -> r.path("payload").path("command_id").asText().equals(commandId))
                .toList();
    }

    private static void push(int count) {
        simulator.pushQuotes(count);
    }

    private static JsonNode get(String path) {
        return simulator.get(path);
    }
}
