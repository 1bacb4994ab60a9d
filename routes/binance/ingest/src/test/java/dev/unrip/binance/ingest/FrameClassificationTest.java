package dev.unrip.binance.ingest;

import static dev.unrip.binance.ingest.IngestRoutesTest.metric;
import static dev.unrip.routes.testing.Topics.header;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unrip.contracts.CloudEventHeaders;
import dev.unrip.contracts.EventTime;
import dev.unrip.routes.testing.KafkaBrokerResource;
import dev.unrip.routes.testing.MarketSimulatorResource;
import dev.unrip.routes.testing.RouteGroupTest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * What the ingest route (ingest.camel.yaml) does with frames that are no depth frame, handed to it
 * as the connection hands frames over: answers, refusals and the shutdown notice are counted and
 * not written as books; anything else is kept on dlq.binance.ingest byte for byte with the reason.
 * (The simulator sends no such frames on its own, so the test hands them to the route directly.)
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(
        value = MarketSimulatorResource.class,
        initArgs = {
            @ResourceArg(name = "MARKET_SIM_PING_INTERVAL_MS", value = "400"),
            @ResourceArg(name = "MARKET_SIM_PONG_TIMEOUT_MS", value = "1500")
        })
class FrameClassificationTest extends RouteGroupTest {

    @Inject
    ProducerTemplate producer;

    @Test
    void answersRefusalsAndNoticesAreCountedAndNotWrittenAsBooks() {
        Map<TopicPartition, Long> raw = topics.mark(IngestRoutesTest.RAW);
        Map<TopicPartition, Long> dlq = topics.mark("dlq.binance.ingest");
        double answers = metric("unrip_binance_ingest_frames_total", "kind=\"answer\"");
        double errors = metric("unrip_binance_ingest_frames_total", "kind=\"error\"");
        double notices = metric("unrip_binance_ingest_frames_total", "kind=\"notice\"");
        List<String> frames = List.of(
                "{\"result\":null,\"id\":1}",
                "{\"result\":[\"nearusdt@depth10@100ms\"],\"id\":\"list-2\"}",
                "{\"error\":{\"code\":2,\"msg\":\"Invalid request: invalid stream\"},\"id\":null}",
                "{\"stream\":\"!serverShutdown\",\"data\":{\"e\":\"serverShutdown\",\"E\":1795600800123}}");
        frames.forEach(this::ingest);
        assertEquals(answers + 2, metric("unrip_binance_ingest_frames_total", "kind=\"answer\""));
        assertEquals(errors + 1, metric("unrip_binance_ingest_frames_total", "kind=\"error\""));
        assertEquals(notices + 1, metric("unrip_binance_ingest_frames_total", "kind=\"notice\""));
        for (ConsumerRecord<String, byte[]> r : topics.since(IngestRoutesTest.RAW, raw)) {
            assertFalse(frames.contains(new String(r.value(), StandardCharsets.UTF_8)), "written as a book");
        }
        assertTrue(topics.since("dlq.binance.ingest", dlq).isEmpty(), "nothing to dead-letter");
    }

    @Test
    void framesThatAreNoneOfTheseAreDeadLetteredByteForByteWithTheReason() {
        Map<TopicPartition, Long> dlq = topics.mark("dlq.binance.ingest");
        Map<String, String> frames = Map.of(
                "{\"stream\":\"nearusdt@bookTicker\",\"data\":{\"u\":1,\"s\":\"NEARUSDT\",\"b\":\"2.998\"}}",
                "stream 'nearusdt@bookTicker' is not a partial book depth stream",
                "{\"stream\":\"nearusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\"}}",
                "stream 'nearusdt@depth@100ms' is not a partial book depth stream",
                "{\"lastUpdateId\":160,\"bids\":[],\"asks\":[]}",
                "no stream; not a combined-stream frame",
                "{\"stream\":\"nearusdt@depth10@100ms\",\"data\":",
                "not a JSON object",
                "[\"nearusdt@depth10@100ms\"]",
                "not a JSON object",
                "null",
                "JSON null");
        frames.keySet().forEach(this::ingest);
        await().atMost(WAIT).until(() -> topics.since("dlq.binance.ingest", dlq).size() >= frames.size());
        Map<String, String> reasons = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : topics.since("dlq.binance.ingest", dlq)) {
            reasons.put(new String(r.value(), StandardCharsets.UTF_8), header(r, CloudEventHeaders.DLQ_REASON));
            assertEquals("binance-ingest/ingestBinanceFrame", header(r, CloudEventHeaders.DLQ_STAGE));
            assertEquals("unrip/binance-ingest", header(r, CloudEventHeaders.SOURCE), "the envelope is kept");
        }
        assertEquals(frames.size(), reasons.size(), "one dead letter each: " + reasons);
        frames.forEach((frame, reason) -> {
            assertTrue(reasons.containsKey(frame), "kept byte for byte: " + frame);
            assertTrue(reasons.get(frame).contains(reason), frame + ": " + reasons.get(frame));
        });
    }

    /** A frame as the connection hands it to the route: its bytes and the envelope of its arrival. */
    private void ingest(String frame) {
        String now = EventTime.now();
        Map<String, Object> headers = BinanceFrames.envelope(now, now);
        producer.send("direct:ingestBinanceFrame", e -> {
            e.getMessage().setBody(frame.getBytes(StandardCharsets.UTF_8));
            e.getMessage().setHeaders(headers);
        });
    }
}
