package dev.unrip.binance.ingest;

import static dev.unrip.routes.testing.Topics.header;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unrip.contracts.CloudEventHeaders;
import dev.unrip.contracts.EventIds;
import dev.unrip.routes.testing.KafkaBrokerResource;
import dev.unrip.routes.testing.MarketSimulatorResource;
import dev.unrip.routes.testing.RouteGroupTest;
import dev.unrip.routes.testing.SimulatorControl;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ingest (ingest.camel.yaml and its connection, BinanceConnection) against the project's
 * market simulator, a real Binance-protocol stream server, and a real broker: depth frames to
 * raw.binance.depth byte for byte with the envelope in headers; through the server's forced
 * disconnects the same streams flow again; the server's pings are answered (it pings every 400 ms
 * here and closes a connection whose ping goes unanswered for 1.5 s).
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(
        value = MarketSimulatorResource.class,
        initArgs = {
            @ResourceArg(name = "MARKET_SIM_PING_INTERVAL_MS", value = "400"),
            @ResourceArg(name = "MARKET_SIM_PONG_TIMEOUT_MS", value = "1500")
        })
class IngestRoutesTest extends RouteGroupTest {

    static final List<String> STREAMS =
            List.of("nearusdt@depth10@100ms", "ethusdt@depth10@100ms", "usdcusdt@depth10@100ms");
    static final String RAW = "raw.binance.depth";

    private final SimulatorControl sim = MarketSimulatorResource.control();

    @BeforeEach
    void connected() {
        await().atMost(WAIT)
                .until(() -> STREAMS.stream()
                        .allMatch(s -> sim.stats().path("subscriptions").path(s).asInt() >= 1));
    }

    @Test
    void depthFramesAreWrittenByteForByteKeyedByInstrumentWithTheirEnvelope() throws Exception {
        Map<TopicPartition, Long> mark = topics.mark(RAW);
        // What the server sent: a client of our own on the same stream gets the very same frames.
        List<String> sent = new StreamClient(MarketSimulatorResource.wsUrl(), STREAMS.get(0)).collect(10, WAIT);
        await().atMost(WAIT).until(() -> values(topics.since(RAW, mark)).containsAll(sent));
        List<ConsumerRecord<String, byte[]>> written = topics.since(RAW, mark);
        for (ConsumerRecord<String, byte[]> r : written) {
            JsonNode frame = JSON.readTree(r.value());
            String stream = frame.path("stream").asText();
            assertTrue(STREAMS.contains(stream), stream);
            assertEquals(stream.substring(0, stream.indexOf('@')).toUpperCase(), r.key(), "keyed by instrument");
            assertEquals(EventIds.rawEventId("binance", "depth", r.value()), header(r, CloudEventHeaders.ID));
            assertEquals("raw.binance.depth.v1", header(r, CloudEventHeaders.TYPE));
            assertEquals("unrip/binance-ingest", header(r, CloudEventHeaders.SOURCE));
            assertEquals("binance", header(r, CloudEventHeaders.VENUE));
            assertEquals(header(r, CloudEventHeaders.INGESTED_AT), header(r, CloudEventHeaders.TIME));
        }
        assertEquals(
                Set.of("NEARUSDT", "ETHUSDT", "USDCUSDT"),
                written.stream().map(ConsumerRecord::key).collect(Collectors.toSet()),
                "every configured stream flows");
        RestAssured.get("/q/health/ready").then().statusCode(200);
        assertEquals(1.0, metric("unrip_binance_ingest_connected"));
        assertTrue(
                metric("unrip_binance_ingest_frames_total", "kind=\"depth\"", "stream=\"nearusdt@depth10@100ms\"") > 0);
    }

    @Test
    void afterTheServerDisconnectsEveryoneTheIngestReconnectsAndTheSameStreamsFlowAgain() {
        double notices = metric("unrip_binance_ingest_frames_total", "kind=\"notice\"");
        for (String how : List.of("{\"notice\":true}", "{\"abrupt\":true}")) {
            int connects = sim.stats().path("connections_total").asInt();
            double reconnects = metric("unrip_binance_ingest_reconnects_total");
            JsonNode answer = sim.post("/control/disconnect", how);
            assertTrue(answer.path("disconnected").asInt() >= 1, how + ": " + answer);
            await().atMost(WAIT).until(() -> metric("unrip_binance_ingest_reconnects_total") > reconnects);
            assertTrue(sim.stats().path("connections_total").asInt() > connects, how + ": a new connection");
            // The streams are in the address: the new connection is subscribed to all of them again.
            await().atMost(WAIT)
                    .until(() -> STREAMS.stream()
                            .allMatch(s ->
                                    sim.stats().path("subscriptions").path(s).asInt() >= 1));
            Map<TopicPartition, Long> mark = topics.mark(RAW);
            await().atMost(WAIT)
                    .until(() -> topics.since(RAW, mark).stream()
                            .map(ConsumerRecord::key)
                            .collect(Collectors.toSet())
                            .containsAll(Set.of("NEARUSDT", "ETHUSDT", "USDCUSDT")));
            RestAssured.get("/q/health/ready").then().statusCode(200);
        }
        assertTrue(
                metric("unrip_binance_ingest_frames_total", "kind=\"notice\"") >= notices + 1,
                "the serverShutdown notice was recognised, not dead-lettered");
    }

    @Test
    void theServersPingsAreAnsweredWithPongsOfTheirPayload() {
        JsonNode before = sim.stats();
        double pings = metric("unrip_binance_ingest_pings_total");
        int connects = before.path("connections_total").asInt();
        // A ping unanswered for 1.5 s closes the connection: ten pings and the connection stands.
        await().atMost(WAIT).until(() -> metric("unrip_binance_ingest_pings_total") >= pings + 10);
        JsonNode after = sim.stats();
        assertTrue(
                after.path("pongs_received").asLong()
                        >= before.path("pongs_received").asLong() + 10,
                after::toString);
        assertEquals(
                before.path("forced_disconnects").path("pong_timeout").asInt(),
                after.path("forced_disconnects").path("pong_timeout").asInt(),
                "no connection closed for an unanswered ping");
        assertEquals(
                before.path("pongs_unsolicited").asLong(),
                after.path("pongs_unsolicited").asLong(),
                "every pong carried an outstanding ping's payload");
        assertEquals(connects, after.path("connections_total").asInt(), "the connection stood");
        assertEquals(0, after.path("forced_disconnects").path("rate_limit").asInt(), "within 5 messages a second");
    }

    @Test
    void aConnectionThatFallsSilentIsClosedByTheWatchdogAndReopened() {
        double closes = metric("unrip_binance_ingest_watchdog_closes_total");
        double reconnects = metric("unrip_binance_ingest_reconnects_total");
        // No pings, no frames: a dead connection, as far as the ingest can tell (idle timeout 2 s in tests).
        sim.post("/control/settings", "{\"ping_interval_ms\":600000}");
        try {
            for (String symbol : List.of("NEARUSDT", "ETHUSDT", "USDCUSDT")) {
                sim.post("/control/books/" + symbol + "/silence", "{\"ms\":60000}");
            }
            await().atMost(WAIT).until(() -> metric("unrip_binance_ingest_watchdog_closes_total") > closes);
            await().atMost(WAIT).until(() -> metric("unrip_binance_ingest_reconnects_total") > reconnects);
        } finally {
            for (String symbol : List.of("NEARUSDT", "ETHUSDT", "USDCUSDT")) {
                sim.post("/control/books/" + symbol + "/resume", "{}");
            }
            sim.post("/control/settings", "{\"ping_interval_ms\":400}");
        }
        Map<TopicPartition, Long> mark = topics.mark(RAW);
        await().atMost(WAIT).until(() -> !topics.since(RAW, mark).isEmpty());
    }

    private static Set<String> values(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream()
                .map(r -> new String(r.value(), StandardCharsets.UTF_8))
                .collect(Collectors.toSet());
    }

    /** The sum of a metric's series that carry every one of {@code labels} ({@code kind="depth"}); 0 when none. */
    static double metric(String name, String... labels) {
        return RestAssured.get("/q/metrics")
                .asString()
                .lines()
                .filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .filter(l -> java.util.Arrays.stream(labels).allMatch(l::contains))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }
}
