package dev.unrip.binance.normalize;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unrip.contracts.CloudEventHeaders;
import dev.unrip.routes.testing.Examples;
import dev.unrip.routes.testing.KafkaBrokerResource;
import dev.unrip.routes.testing.RouteGroupTest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Golden tests of the mapping route (normalize.camel.yaml: schema, BinanceMapping, schema)
 * in-process, against a real broker for the dead letters: every valid raw example gives its
 * normalized example byte for byte; every invalid one (refused by the raw schema, or only by the
 * mapping: src/test/resources/rejected) is dead-lettered with a reason naming its field.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class NormalizeGoldenTest extends RouteGroupTest {

    @Inject
    ProducerTemplate producer;

    @Test
    void everyValidRawExampleGivesItsNormalizedExampleByteForByte() {
        for (Path frame : DepthFrames.valid()) {
            Exchange out = normalize(frame);
            assertNull(out.getException(), frame + ": " + out.getException());
            assertNull(
                    out.getProperty("unripDeadLettered"),
                    frame + " was dead-lettered: " + out.getMessage().getHeader(CloudEventHeaders.DLQ_REASON));
            assertEquals(DepthFrames.normalized(frame), out.getMessage().getBody(String.class), frame.toString());
            assertEquals(DepthFrames.key(frame), out.getMessage().getHeader(KafkaConstants.KEY), "keyed by instrument");
            assertEquals("norm.order_book.v1", out.getMessage().getHeader(CloudEventHeaders.TYPE));
            assertEquals("unrip/binance-normalize", out.getMessage().getHeader(CloudEventHeaders.SOURCE));
        }
    }

    @Test
    void everyInvalidRawFrameIsDeadLetteredByteForByteWithTheReasonNamingItsField() {
        Map<TopicPartition, Long> dlq = topics.mark("dlq.binance.normalize");
        List<Path> invalid = DepthFrames.invalid();
        List<Path> mappingOnly = DepthFrames.rejectedByTheMapping();
        for (Path frame : invalid) {
            Exchange out = normalize(frame);
            assertTrue(
                    Boolean.TRUE.equals(out.getProperty("unripDeadLettered", Boolean.class)),
                    frame + " was not dead-lettered");
            String reason = out.getMessage().getHeader(CloudEventHeaders.DLQ_REASON, String.class);
            assertNotNull(reason, frame + ": no reason");
            assertTrue(
                    reason.contains(Examples.fieldOf(frame)),
                    frame + ": the reason does not name '" + Examples.fieldOf(frame) + "': " + reason);
            if (mappingOnly.contains(frame)) {
                // the raw schema took it: the mapping itself refused it
                assertEquals(
                        IllegalArgumentException.class.getName(),
                        out.getMessage().getHeader(CloudEventHeaders.DLQ_ERROR_CLASS),
                        frame + ": " + reason);
            }
        }
        await().atMost(WAIT)
                .until(() -> topics.since("dlq.binance.normalize", dlq).size() >= invalid.size());
        Map<String, String> reasons = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : topics.since("dlq.binance.normalize", dlq)) {
            reasons.put(new String(r.value(), StandardCharsets.UTF_8), header(r, CloudEventHeaders.DLQ_REASON));
            assertEquals("binance-normalize/normalizeOrderBook", header(r, CloudEventHeaders.DLQ_STAGE));
        }
        assertEquals(invalid.size(), topics.since("dlq.binance.normalize", dlq).size(), "one dead letter each");
        for (Path frame : invalid) {
            String reason = reasons.get(new String(Examples.bytes(frame), StandardCharsets.UTF_8));
            assertTrue(
                    reason != null && reason.contains(Examples.fieldOf(frame)),
                    frame + ": not dead-lettered byte for byte with its reason: " + reason);
        }
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        return dev.unrip.routes.testing.Topics.header(r, name);
    }

    /** The frame as the ingest writes it (bytes and envelope headers) through the mapping route. */
    private Exchange normalize(Path frame) {
        Map<String, Object> headers = new HashMap<>(DepthFrames.headers(frame));
        return producer.send("direct:normalizeOrderBook", e -> {
            e.getMessage().setBody(Examples.bytes(frame));
            e.getMessage().setHeaders(headers);
        });
    }
}
