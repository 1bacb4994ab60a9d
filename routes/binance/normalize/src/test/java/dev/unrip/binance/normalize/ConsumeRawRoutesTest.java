package dev.unrip.binance.normalize;

import static dev.unrip.routes.testing.Topics.header;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unrip.contracts.CloudEventHeaders;
import dev.unrip.routes.testing.Examples;
import dev.unrip.routes.testing.KafkaBrokerResource;
import dev.unrip.routes.testing.RouteGroupTest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The live consumer (consume-raw.camel.yaml) against a real broker: raw depth records in, order
 * books out on norm.order_book keyed by instrument with their envelope mirrored in headers; the
 * invalid records of the same batch go to dlq.binance.normalize with the reason and where they came
 * from, and hold nothing up.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class ConsumeRawRoutesTest extends RouteGroupTest {

    @Test
    void rawFramesBecomeOrderBooksAndTheInvalidOnesAreDeadLetteredWithTheirReason() throws Exception {
        Map<TopicPartition, Long> norm = topics.mark("norm.order_book");
        Map<TopicPartition, Long> dlq = topics.mark("dlq.binance.normalize");
        List<Path> valid = DepthFrames.valid();
        List<Path> invalid = DepthFrames.invalid();
        Map<String, RecordMetadata> sources = new HashMap<>();
        for (Path frame : valid) {
            send(frame);
        }
        for (Path frame : invalid) {
            sources.put(new String(Examples.bytes(frame), StandardCharsets.UTF_8), send(frame));
        }

        await().atMost(WAIT)
                .until(() -> topics.since("norm.order_book", norm).size() >= valid.size()
                        && topics.since("dlq.binance.normalize", dlq).size() >= invalid.size());
        List<ConsumerRecord<String, byte[]>> books = topics.since("norm.order_book", norm);
        assertEquals(valid.size(), books.size(), "one book per valid frame, none of the invalid ones");
        Map<String, ConsumerRecord<String, byte[]>> byValue = new HashMap<>();
        books.forEach(r -> byValue.put(new String(r.value(), StandardCharsets.UTF_8), r));
        for (Path frame : valid) {
            ConsumerRecord<String, byte[]> r = byValue.get(DepthFrames.normalized(frame));
            assertTrue(r != null, frame + ": its normalized example, byte for byte, is not on norm.order_book");
            assertEquals(DepthFrames.key(frame), r.key(), "keyed by instrument");
            String id = JSON.readTree(r.value()).path("event_id").asText();
            assertEquals(id, header(r, CloudEventHeaders.ID));
            assertEquals("norm.order_book.v1", header(r, CloudEventHeaders.TYPE));
            assertEquals("binance", header(r, CloudEventHeaders.VENUE));
            assertEquals(
                    new String(DepthFrames.headers(frame).get(CloudEventHeaders.ID), StandardCharsets.UTF_8),
                    header(r, CloudEventHeaders.CAUSATION_ID));
        }
        List<ConsumerRecord<String, byte[]>> rejected = topics.since("dlq.binance.normalize", dlq);
        assertEquals(invalid.size(), rejected.size());
        for (ConsumerRecord<String, byte[]> r : rejected) {
            RecordMetadata source = sources.get(new String(r.value(), StandardCharsets.UTF_8));
            assertTrue(source != null, "a dead letter that is not one of the invalid frames byte for byte");
            assertEquals("raw.binance.depth", header(r, CloudEventHeaders.DLQ_SOURCE_TOPIC));
            assertEquals(String.valueOf(source.partition()), header(r, CloudEventHeaders.DLQ_SOURCE_PARTITION));
            assertEquals(String.valueOf(source.offset()), header(r, CloudEventHeaders.DLQ_SOURCE_OFFSET));
            assertTrue(!header(r, CloudEventHeaders.DLQ_REASON).isBlank());
        }
    }

    private RecordMetadata send(Path frame) throws Exception {
        return topics.send(
                "raw.binance.depth", DepthFrames.key(frame), Examples.bytes(frame), DepthFrames.headers(frame));
    }
}
