package dev.unrip.marketsim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

@QuarkusTest
class StreamFramingTest extends SimulatorTest {

    @Test
    void combinedStreamWrapsEachPayloadWithItsStreamName() {
        WsClient client = connect("/stream?streams=nearusdt@depth10@100ms/ethusdt@bookTicker");

        JsonNode depth = client.await(f -> f.path("stream").asText().equals("nearusdt@depth10@100ms"));
        assertEquals(Set.of("stream", "data"), fields(depth));
        assertEquals(Set.of("lastUpdateId", "bids", "asks"), fields(depth.get("data")));
        Levels.assertHealthyDepth(depth.get("data"), 10);

        JsonNode ticker = client.await(f -> f.path("stream").asText().equals("ethusdt@bookTicker"));
        JsonNode data = ticker.get("data");
        assertEquals(Set.of("u", "s", "b", "B", "a", "A"), fields(data));
        assertEquals("ETHUSDT", data.get("s").asText(), "symbols upper case in payloads");
        assertTrue(data.get("u").isIntegralNumber(), data.toString());
        assertTrue(Levels.decimal(data.get("b")).compareTo(Levels.decimal(data.get("a"))) < 0, data.toString());
        assertTrue(Levels.decimal(data.get("B")).signum() > 0
                && Levels.decimal(data.get("A")).signum() > 0);
    }

    @Test
    void rawStreamSendsBarePayloadsWithRisingUpdateIds() {
        WsClient client = connect("/ws/usdcusdt@depth5@100ms");

        List<JsonNode> frames = client.await(f -> f.has("lastUpdateId"), 5);
        long previous = 0;
        for (JsonNode frame : frames) {
            assertFalse(frame.has("stream"), "a raw stream's payload is bare: " + frame);
            Levels.assertHealthyDepth(frame, 5);
            assertTrue(frame.get("lastUpdateId").asLong() > previous, "lastUpdateId rises: " + frames);
            previous = frame.get("lastUpdateId").asLong();
        }
    }

    @Test
    void depthWithoutSuffixIsSentEverySecondAndWith100msTenTimesAsOften() {
        WsClient client = connect("/stream?streams=nearusdt@depth20/nearusdt@depth20@100ms");

        List<JsonNode> slow = client.await(f -> f.path("stream").asText().equals("nearusdt@depth20"), 3);
        long fast = client.frames().stream()
                .filter(f -> f.path("stream").asText().equals("nearusdt@depth20@100ms"))
                .count();
        // Three frames a second apart span two seconds: about twenty frames of the fast stream.
        assertTrue(fast >= 10, "fast frames while three slow ones came: " + fast);
        slow.forEach(f -> Levels.assertHealthyDepth(f.get("data"), 20));
    }

    @Test
    void streamsOfSeveralSymbolsArriveOnOneConnection() {
        WsClient client = connect("/stream?streams=nearusdt@bookTicker/ethusdt@bookTicker/usdcusdt@bookTicker");

        Set<String> symbols = new HashSet<>();
        client.await(f -> symbols.add(f.path("data").path("s").asText()) && symbols.size() == 3);
        assertEquals(Set.of("NEARUSDT", "ETHUSDT", "USDCUSDT"), symbols);
    }

    @Test
    void malformedStreamNameInTheAddressIsRefusedAtTheUpgrade() {
        WsClient refused = WsClient.connect(ws("/ws/nearusdt@depth5/@@@"), true);
        assertEquals(400, refused.status);
        WsClient accepted = connect("/ws/nearusdt@depth5/btcusdt@noSuchStream");
        assertEquals(101, accepted.status);
    }

    private static Set<String> fields(JsonNode node) {
        Set<String> names = new HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
