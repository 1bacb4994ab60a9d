package dev.unrip.nearintents.ingest;

import static dev.unrip.routes.testing.Topics.header;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unrip.contracts.CloudEventHeaders;
import dev.unrip.contracts.EventIds;
import dev.unrip.contracts.NearIntentsHeaders;
import dev.unrip.routes.testing.KafkaBrokerResource;
import dev.unrip.routes.testing.RelaySimulatorResource;
import dev.unrip.routes.testing.RouteGroupTest;
import dev.unrip.routes.testing.SimulatorControl;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ingest (ingest.camel.yaml and its connection, RelayConnection) against the project's relay
 * simulator and a real broker: frames to their raw topic byte for byte with the envelope in headers;
 * what cannot be ingested to dlq.near_intents.ingest with the reason, the socket kept.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(RelaySimulatorResource.class)
class IngestRoutesTest extends RouteGroupTest {

    private final SimulatorControl sim = new SimulatorControl(RelaySimulatorResource.controlUrl());

    @BeforeEach
    void subscribed() {
        await().atMost(WAIT).until(() -> sim.stats().path("subscriptions_quote").asInt() >= 1);
    }

    @Test
    void pushedQuotesAreWrittenByteForByteKeyedByQuoteIdWithTheirEnvelope() {
        Map<TopicPartition, Long> raw = topics.mark("raw.near_intents.quote");
        sim.pushQuotes(3);
        await().atMost(WAIT)
                .until(() -> topics.since("raw.near_intents.quote", raw).size() >= 3);
        for (ConsumerRecord<String, byte[]> r : topics.since("raw.near_intents.quote", raw)) {
            assertEquals(
                    EventIds.rawEventId("near-intents", "quote", r.value()),
                    header(r, CloudEventHeaders.ID),
                    "the id is of the exact bytes");
            assertEquals("raw.near_intents.quote.v1", header(r, CloudEventHeaders.TYPE));
            assertTrue(
                    new String(r.value(), java.nio.charset.StandardCharsets.UTF_8)
                            .contains("\"quote_id\":\"" + r.key() + "\""),
                    "keyed by its quote_id");
        }
        RestAssured.get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void balancesAreReadFromTheChainAsTheExactAnswerAndAnAnswerWithoutBalancesIsDeadLettered() throws Exception {
        Map<TopicPartition, Long> raw = topics.mark("raw.near_intents.balance");
        await().atMost(WAIT)
                .until(() -> !topics.since("raw.near_intents.balance", raw).isEmpty());
        ConsumerRecord<String, byte[]> r =
                topics.since("raw.near_intents.balance", raw).get(0);
        assertEquals("solver.unrip.near", r.key());
        assertEquals("raw.near_intents.balance.v1", header(r, CloudEventHeaders.TYPE));
        assertEquals(EventIds.rawEventId("near-intents", "balance", r.value()), header(r, CloudEventHeaders.ID));
        assertEquals("solver.unrip.near", header(r, NearIntentsHeaders.ACCOUNT_ID));
        assertTrue(
                header(r, NearIntentsHeaders.TOKEN_IDS).startsWith("[\"nep141:wrap.near\""),
                header(r, NearIntentsHeaders.TOKEN_IDS));
        JsonNode answer = JSON.readTree(r.value());
        assertEquals("2.0", answer.path("jsonrpc").asText());
        assertTrue(answer.path("result").path("result").isArray(), "the exact JSON-RPC answer: " + answer);
        assertTrue(answer.path("result").path("block_height").asLong() > 0);

        // The older error shape (a contract error inside an HTTP 200 result): kept as a dead letter.
        Map<TopicPartition, Long> dlq = topics.mark("dlq.near_intents.ingest");
        sim.post("/control/rpc/faults", "{\"endpoint\":\"default\",\"mode\":\"old-error\",\"count\":1}");
        try {
            await().atMost(WAIT)
                    .until(() -> !topics.since("dlq.near_intents.ingest", dlq).isEmpty());
        } finally {
            sim.delete("/control/rpc/faults");
        }
        ConsumerRecord<String, byte[]> dead =
                topics.since("dlq.near_intents.ingest", dlq).get(0);
        String reason = header(dead, "dlq_reason");
        assertTrue(reason.startsWith("mt_batch_balance_of answer refused: contract_error"), reason);
        assertTrue(JSON.readTree(dead.value()).path("result").has("error"), "the answer's bytes are the evidence");
    }

    @Test
    void aBurstAboveTheFramesInFlightPausesTheSocketAndLosesNothing() {
        Map<TopicPartition, Long> raw = topics.mark("raw.near_intents.quote");
        double pausesBefore = pauses();
        int burst = 2000;
        sim.post("/control/quotes", "{\"count\":" + burst + ",\"rate\":0,\"envelope\":\"B\"}");
        await().atMost(Duration.ofSeconds(60))
                .until(() -> topics.since("raw.near_intents.quote", raw).size() >= burst);
        assertEquals(burst, topics.since("raw.near_intents.quote", raw).size(), "every frame of the burst, once");
        // The test profile allows 50 frames in flight (application.properties): the socket paused.
        assertTrue(pauses() > pausesBefore, "the socket stopped reading at the cap");
    }

    private static double pauses() {
        String metrics = RestAssured.get("/q/metrics").asString();
        return metrics.lines()
                .filter(l -> l.startsWith("unrip_ingest_backpressure_pauses_total"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    @Test
    void anUnclassifiedAndAnOversizedFrameAreDeadLetteredAndTheSocketStays() {
        Map<TopicPartition, Long> dlq = topics.mark("dlq.near_intents.ingest");
        int connects = sim.stats().path("connects_total").asInt();
        Map<String, String> frames = Map.of(
                "{\"jsonrpc\":\"2.0\",\"method\":\"mystery\",\"params\":{}}",
                "unknown method 'mystery'",
                "{\"jsonrpc\":\"2.0\",\"method\":\"event\",\"params\":{",
                "not JSON",
                "[\"event\"]",
                "not JSON",
                "{\"jsonrpc\":\"2.0\",\"method\":\"event\",\"params\":{\"data\":{\"amount\":\"1\"}}}",
                "neither quote_id nor quote_hash/intent_hash",
                // a JSON escape of a lone surrogate has no UTF-8 form: as a record key it would have been changed
                "{\"jsonrpc\":\"2.0\",\"method\":\"event\",\"params\":{\"data\":{\"quote_id\":\"q-\\ud800\"}}}",
                "quote_id: holds a lone UTF-16 surrogate U+D800",
                "{\"jsonrpc\":\"2.0\",\"method\":\"event\",\"params\":{\"data\":{\"quote_id\":\""
                        + "z".repeat(600 * 1024) + "\"}}}",
                "oversized: frame of 614");
        frames.keySet().forEach(frame -> sim.post("/control/frames", frame));
        await().atMost(WAIT)
                .until(() -> topics.since("dlq.near_intents.ingest", dlq).size() >= frames.size());
        Map<String, String> reasons = new java.util.HashMap<>();
        for (ConsumerRecord<String, byte[]> r : topics.since("dlq.near_intents.ingest", dlq)) {
            reasons.put(
                    new String(r.value(), java.nio.charset.StandardCharsets.UTF_8),
                    header(r, CloudEventHeaders.DLQ_REASON));
        }
        frames.forEach((frame, reason) -> {
            if (frame.length() > 4096) {
                String kept = reasons.keySet().stream()
                        .filter(k -> frame.startsWith(k) && k.length() == 4096)
                        .findFirst()
                        .orElseThrow(() -> new AssertionError(
                                "the oversized frame's first 4096 bytes are kept: " + reasons.values()));
                assertTrue(reasons.get(kept).startsWith(reason), reasons.get(kept));
            } else {
                assertTrue(reasons.containsKey(frame), "kept byte for byte: " + frame);
                assertTrue(reasons.get(frame).contains(reason), frame + ": " + reasons.get(frame));
            }
        });
        assertEquals(connects, sim.stats().path("connects_total").asInt(), "the socket was closed and reopened");
    }

    @Test
    void aQuoteStatusInTheDocumentedFlatShapeIsKeyedByItsQuoteHash() {
        Map<TopicPartition, Long> raw = topics.mark("raw.near_intents.quote_status");
        String frame = "{\"jsonrpc\":\"2.0\",\"method\":\"subscribe\",\"params\":{\"subscription\":\"not-ours\","
                + "\"quote_hash\":\"h-1\",\"intent_hash\":\"i-1\",\"tx_hash\":\"t-1\"}}";
        sim.post("/control/frames", frame);
        await().atMost(WAIT)
                .until(() -> !topics.since("raw.near_intents.quote_status", raw).isEmpty());
        ConsumerRecord<String, byte[]> r =
                topics.since("raw.near_intents.quote_status", raw).get(0);
        assertEquals(frame, new String(r.value(), java.nio.charset.StandardCharsets.UTF_8));
        assertEquals("h-1", r.key());
        assertEquals("raw.near_intents.quote_status.v1", header(r, CloudEventHeaders.TYPE));
        assertEquals(EventIds.rawEventId("near-intents", "quote_status", r.value()), header(r, CloudEventHeaders.ID));
        // the answers to our two subscribe requests were recognised and kept by the connection
        String metrics = RestAssured.get("/q/metrics").asString();
        assertTrue(
                metrics.lines()
                        .anyMatch(l -> l.startsWith("unrip_ingest_subscription_answers_total") && !l.endsWith(" 0.0")),
                metrics);
    }
}
