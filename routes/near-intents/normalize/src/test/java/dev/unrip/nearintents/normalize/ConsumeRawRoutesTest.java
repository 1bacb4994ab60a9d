package dev.unrip.nearintents.normalize;

import static dev.unrip.routes.testing.Topics.header;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unrip.contracts.CloudEventHeaders;
import dev.unrip.contracts.EventIds;
import dev.unrip.contracts.NearIntentsHeaders;
import dev.unrip.routes.testing.Examples;
import dev.unrip.routes.testing.KafkaBrokerResource;
import dev.unrip.routes.testing.RouteGroupTest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The live consumers (consume-raw.camel.yaml) against a real broker: raw records in, events out with
 * their envelope mirrored in headers; a rejected record does not hold up the batch it came in.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class ConsumeRawRoutesTest extends RouteGroupTest {

    @Test
    void rawQuotesOfOneBatchBecomeSwapDemandsAndTheInvalidOneIsLeftOut() throws Exception {
        Map<TopicPartition, Long> norm = topics.mark("norm.swap_demand");
        Map<TopicPartition, Long> dlq = topics.mark("dlq.near_intents.normalize");
        List<byte[]> valid = Examples.valid("raw.near_intents.quote.v1").stream()
                .map(Examples::bytes)
                .toList();
        byte[] invalid =
                Examples.bytes(Examples.invalid("raw.near_intents.quote.v1").get(0));
        for (byte[] frame : valid) {
            send("raw.near_intents.quote", "quote", frame);
        }
        send("raw.near_intents.quote", "quote", invalid);

        await().atMost(WAIT)
                .until(() -> topics.since("norm.swap_demand", norm).size() >= valid.size()
                        && !topics.since("dlq.near_intents.normalize", dlq).isEmpty());
        List<ConsumerRecord<String, byte[]>> events = topics.since("norm.swap_demand", norm);
        assertEquals(valid.size(), events.size(), "one event per valid raw record");
        for (ConsumerRecord<String, byte[]> r : events) {
            JsonNode event = JSON.readTree(r.value());
            assertEquals(event.path("event_id").asText(), header(r, CloudEventHeaders.ID));
            assertEquals(
                    event.path("payload").path("asset_in").path("venue_id").asText() + "/"
                            + event.path("payload")
                                    .path("asset_out")
                                    .path("venue_id")
                                    .asText(),
                    r.key(),
                    "keyed by pair");
        }
        assertEquals(1, topics.since("dlq.near_intents.normalize", dlq).size());
    }

    @Test
    void aRawQuoteStatusBecomesANormalizedQuoteStatus() throws Exception {
        Map<TopicPartition, Long> norm = topics.mark("norm.quote_status");
        byte[] frame = Examples.bytes(
                Examples.valid("raw.near_intents.quote_status.v1").get(0));
        send("raw.near_intents.quote_status", "quote_status", frame);
        await().atMost(WAIT)
                .until(() -> !topics.since("norm.quote_status", norm).isEmpty());
        JsonNode event =
                JSON.readTree(topics.since("norm.quote_status", norm).get(0).value());
        assertEquals(
                EventIds.rawEventId("near-intents", "quote_status", frame),
                event.path("causation_id").asText());
    }

    @Test
    void rawBalanceAnswersBecomeOneBalanceEventPerTokenAndARefusedAnswerGivesNone() throws Exception {
        Map<TopicPartition, Long> norm = topics.mark("norm.balance");
        Map<TopicPartition, Long> dlq = topics.mark("dlq.near_intents.normalize");
        int expected = 0;
        Set<String> rawIds = new HashSet<>();
        for (Path answer : BalanceAnswers.valid()) {
            Map<String, byte[]> headers = BalanceAnswers.headers(answer);
            expected += JSON.readTree(headers.get(NearIntentsHeaders.TOKEN_IDS)).size();
            rawIds.add(new String(headers.get(CloudEventHeaders.ID), StandardCharsets.UTF_8));
            topics.send("raw.near_intents.balance", BalanceAnswers.key(answer), Examples.bytes(answer), headers);
        }
        // Its first event is valid, its second is not (more digits than a u128): neither goes out.
        Path refused = BalanceAnswers.invalid().stream()
                .filter(p -> p.getFileName().toString().equals("invalid--amount--second-of-two-beyond-a-u128.json"))
                .findFirst()
                .orElseThrow();
        RecordMetadata source = topics.send(
                "raw.near_intents.balance",
                BalanceAnswers.key(refused),
                Examples.bytes(refused),
                BalanceAnswers.headers(refused));

        int events = expected;
        await().atMost(WAIT)
                .until(() -> topics.since("norm.balance", norm).size() >= events
                        && !topics.since("dlq.near_intents.normalize", dlq).isEmpty());
        List<ConsumerRecord<String, byte[]>> written = topics.since("norm.balance", norm);
        assertEquals(expected, written.size(), "one event per token id of the valid answers, none of the refused one");
        for (ConsumerRecord<String, byte[]> r : written) {
            JsonNode event = JSON.readTree(r.value());
            JsonNode payload = event.path("payload");
            assertTrue(rawIds.contains(event.path("causation_id").asText()), "an event of the refused answer went out");
            assertEquals(
                    payload.path("account_id").asText() + "/"
                            + payload.path("asset").asText(),
                    r.key(),
                    "keyed <account_id>/<asset>");
            assertEquals(event.path("event_id").asText(), header(r, CloudEventHeaders.ID));
            assertEquals("norm.balance.v1", header(r, CloudEventHeaders.TYPE));
            assertEquals(event.path("causation_id").asText(), header(r, CloudEventHeaders.CAUSATION_ID));
            assertEquals(null, header(r, NearIntentsHeaders.TOKEN_IDS), "the raw record's query stays behind");
        }
        List<ConsumerRecord<String, byte[]>> rejected = topics.since("dlq.near_intents.normalize", dlq);
        assertEquals(1, rejected.size());
        assertEquals("raw.near_intents.balance", header(rejected.get(0), CloudEventHeaders.DLQ_SOURCE_TOPIC));
        // Where it came from, as decimal text (dlq.record.v1), as make dlq-show prints it.
        assertEquals(
                String.valueOf(source.partition()), header(rejected.get(0), CloudEventHeaders.DLQ_SOURCE_PARTITION));
        assertEquals(String.valueOf(source.offset()), header(rejected.get(0), CloudEventHeaders.DLQ_SOURCE_OFFSET));
        assertTrue(header(rejected.get(0), CloudEventHeaders.DLQ_REASON).contains("amount"));
    }

    private void send(String topic, String stream, byte[] frame) throws Exception {
        String now = "2026-12-01T00:00:00.000Z";
        topics.send(
                topic,
                "k",
                frame,
                Map.of(
                        CloudEventHeaders.ID,
                                EventIds.rawEventId("near-intents", stream, frame)
                                        .getBytes(StandardCharsets.UTF_8),
                        CloudEventHeaders.OBSERVED_AT, now.getBytes(StandardCharsets.UTF_8),
                        CloudEventHeaders.INGESTED_AT, now.getBytes(StandardCharsets.UTF_8)));
    }
}
