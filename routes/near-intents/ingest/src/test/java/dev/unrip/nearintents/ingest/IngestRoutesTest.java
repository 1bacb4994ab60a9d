package dev.unrip.nearintents.ingest;

import static dev.unrip.routes.testing.Topics.header;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unrip.contracts.CloudEventHeaders;
import dev.unrip.contracts.EventIds;
import dev.unrip.routes.testing.KafkaBrokerResource;
import dev.unrip.routes.testing.RelaySimulatorResource;
import dev.unrip.routes.testing.SimulatorControl;
import dev.unrip.routes.testing.Topics;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.time.Duration;
import java.util.List;
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
class IngestRoutesTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final Topics topics = new Topics(KafkaBrokerResource.bootstrapServers());
    private final SimulatorControl sim = new SimulatorControl(RelaySimulatorResource.controlUrl());

    @BeforeEach
    void subscribed() {
        await().atMost(WAIT).until(() -> sim.stats().path("subscriptions_quote").asInt() >= 1);
    }

    @Test
    void pushedQuotesAreWrittenByteForByteKeyedByQuoteIdWithTheirEnvelope() {
        Map<TopicPartition, Long> raw = topics.mark("raw.near_intents.quote");
        sim.pushQuotes(3);
        await().atMost(WAIT).until(() -> topics.since("raw.near_intents.quote", raw).size() >= 3);
        for (ConsumerRecord<String, byte[]> r : topics.since("raw.near_intents.quote", raw)) {
            assertEquals(EventIds.rawEventId("near-intents", "quote", r.value()), header(r, CloudEventHeaders.ID), "the id is of the exact bytes");
            assertEquals("raw.near_intents.quote.v1", header(r, CloudEventHeaders.TYPE));
            assertTrue(new String(r.value(), java.nio.charset.StandardCharsets.UTF_8).contains("\"quote_id\":\"" + r.key() + "\""), "keyed by its quote_id");
        }
        RestAssured.get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void anUnclassifiedAndAnOversizedFrameAreDeadLetteredAndTheSocketStays() {
        Map<TopicPartition, Long> dlq = topics.mark("dlq.near_intents.ingest");
        int connects = sim.stats().path("connects_total").asInt();
        sim.post("/control/frames", "{\"jsonrpc\":\"2.0\",\"method\":\"mystery\",\"params\":{}}");
        sim.post("/control/frames", "{\"jsonrpc\":\"2.0\",\"method\":\"event\",\"params\":{\"data\":{\"quote_id\":\"" + "z".repeat(600 * 1024) + "\"}}}");
        await().atMost(WAIT).until(() -> topics.since("dlq.near_intents.ingest", dlq).size() >= 2);
        List<String> reasons = topics.since("dlq.near_intents.ingest", dlq).stream().map(r -> header(r, CloudEventHeaders.DLQ_REASON)).toList();
        assertTrue(reasons.stream().anyMatch(r -> r.contains("unknown method 'mystery'")), reasons.toString());
        assertTrue(reasons.stream().anyMatch(r -> r.startsWith("oversized: frame of ")), reasons.toString());
        assertEquals(connects, sim.stats().path("connects_total").asInt(), "the socket was closed and reopened");
    }
}
