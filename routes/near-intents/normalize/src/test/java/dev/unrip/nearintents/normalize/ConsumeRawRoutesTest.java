package dev.unrip.nearintents.normalize;

import static dev.unrip.routes.testing.Topics.header;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unrip.contracts.CloudEventHeaders;
import dev.unrip.contracts.EventIds;
import dev.unrip.routes.testing.Examples;
import dev.unrip.routes.testing.KafkaBrokerResource;
import dev.unrip.routes.testing.Topics;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The live consumers (consume-raw.camel.yaml) against a real broker: raw records in, events out with
 * their envelope mirrored in headers; a rejected record does not hold up the batch it came in.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class ConsumeRawRoutesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final Topics topics = new Topics(KafkaBrokerResource.bootstrapServers());

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
