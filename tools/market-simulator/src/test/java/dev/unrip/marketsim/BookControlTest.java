package dev.unrip.marketsim;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
class BookControlTest extends SimulatorTest {

    @Test
    void jumpMovesTheMidByThePercentage() {
        JsonNode jumped = control.post("/control/books/NEARUSDT/jump", "{\"percent\":5}");
        BigDecimal before = new BigDecimal(jumped.path("mid_before").asText());
        BigDecimal after = new BigDecimal(jumped.path("mid_after").asText());
        assertEquals(1.05, after.divide(before, MathContext.DECIMAL64).doubleValue(), 0.0005, jumped.toString());

        WsClient client = connect("/ws/nearusdt@depth5@100ms");
        JsonNode depth = client.await(f -> f.has("bids"));
        BigDecimal mid = Levels.price(depth.get("bids"), 0)
                .add(Levels.price(depth.get("asks"), 0))
                .divide(BigDecimal.valueOf(2), MathContext.DECIMAL64);
        assertEquals(1.0, mid.divide(after, MathContext.DECIMAL64).doubleValue(), 0.005, "the book follows: " + depth);
    }

    @Test
    void setMidMovesTheBookThere() {
        control.post("/control/settings", "{\"volatility_bps\":0}");
        JsonNode book = control.post("/control/books/ethusdt/mid", "{\"mid\":\"2500\"}");
        assertEquals(2500.0, new BigDecimal(book.path("mid").asText()).doubleValue(), 0.01, book.toString());
        assertTrue(new BigDecimal(book.path("best_bid").asText()).compareTo(new BigDecimal("2500.01")) <= 0);
        assertTrue(new BigDecimal(book.path("best_ask").asText()).compareTo(new BigDecimal("2499.99")) >= 0);
    }

    @Test
    void aSilentBookSendsNothingUntilItsSilenceEnds() {
        WsClient client = connect("/stream?streams=nearusdt@depth5@100ms/ethusdt@depth5@100ms");
        client.await(f -> f.path("stream").asText().startsWith("near"));

        control.post("/control/books/NEARUSDT/silence", "{\"ms\":2000}");
        int ethAtSilence = count(client, "eth");
        // A frame on its way when the silence began may still land: count from two ticks later.
        await().atMost(WsClient.WAIT).until(() -> count(client, "eth") >= ethAtSilence + 2);
        int near = count(client, "near");
        await().during(Duration.ofMillis(1000))
                .atMost(Duration.ofMillis(1500))
                .until(() -> count(client, "near") == near);
        assertTrue(count(client, "eth") >= ethAtSilence + 8, "the other book kept sending");
        assertTrue(control.stats()
                        .path("frames_suppressed_silent")
                        .path("nearusdt@depth5@100ms")
                        .asInt()
                > 5);

        await().atMost(Duration.ofSeconds(3)).until(() -> count(client, "near") > near);
    }

    @Test
    void resumeEndsASilenceAtOnce() {
        WsClient client = connect("/ws/usdcusdt@bookTicker");
        JsonNode silenced = control.post("/control/books/usdcusdt/silence", "{\"ms\":600000}");
        assertTrue(silenced.path("silent").asBoolean(), silenced.toString());
        int before = client.texts.size();

        control.post("/control/books/usdcusdt/resume", "");
        client.await(f -> f.has("u"), before + 3);
    }

    @Test
    void booksAreNeverCrossedUnlessCommanded() {
        WsClient client = connect("/stream?streams=nearusdt@depth20@100ms/ethusdt@depth20@100ms/usdcusdt@depth20@100ms"
                + "/nearusdt@bookTicker/ethusdt@bookTicker/usdcusdt@bookTicker");
        List<JsonNode> frames = client.await(f -> f.has("stream"), 90);
        for (JsonNode frame : frames) {
            JsonNode data = frame.get("data");
            if (data.has("bids")) {
                Levels.assertHealthyDepth(data, 20);
            } else {
                assertTrue(
                        Levels.decimal(data.get("b")).compareTo(Levels.decimal(data.get("a"))) < 0, frame.toString());
            }
        }

        control.post("/control/books/NEARUSDT/crossed", "{\"ticks\":3}");
        int seen = client.texts.size();
        JsonNode crossed =
                client.awaitAfter(seen, f -> f.path("stream").asText().equals("nearusdt@depth20@100ms"));
        BigDecimal bid = Levels.price(crossed.get("data").get("bids"), 0);
        BigDecimal ask = Levels.price(crossed.get("data").get("asks"), 0);
        assertEquals(new BigDecimal("0.003"), bid.subtract(ask).stripTrailingZeros(), crossed.toString());
        Levels.assertOrdered(crossed.get("data").get("bids"), true);
        Levels.assertOrdered(crossed.get("data").get("asks"), false);

        control.post("/control/books/NEARUSDT/normal", "");
        int normal = client.texts.size();
        Levels.assertHealthyDepth(
                client.awaitAfter(normal + 1, f -> f.path("stream").asText().equals("nearusdt@depth20@100ms"))
                        .get("data"),
                20);
    }

    @Test
    void aThinBookHasFewSmallLevels() {
        JsonNode thin = control.post("/control/books/ETHUSDT/thin", "{\"levels\":2,\"notional\":5}");
        assertTrue(thin.path("thin").asBoolean());
        JsonNode book = control.get("/control/books/ETHUSDT");
        assertEquals(2, book.path("bids").size(), book.toString());
        BigDecimal notional = Levels.price(book.get("asks"), 0)
                .multiply(Levels.decimal(book.get("asks").get(0).get(1)));
        assertEquals(5.0, notional.doubleValue(), 0.1, book.toString());
    }

    @Test
    void aBookReadsWithItsLevelsAndLastUpdateId() {
        JsonNode book = control.get("/control/books/NEARUSDT?levels=20");
        assertEquals("NEARUSDT", book.path("symbol").asText());
        assertEquals("0.001", book.path("tick_size").asText());
        assertTrue(book.path("lastUpdateId").asLong() > 0, book.toString());
        assertEquals(20, book.path("bids").size());
        Levels.assertOrdered(book.get("bids"), true);
        Levels.assertOrdered(book.get("asks"), false);
        assertEquals(3, control.get("/control/books").path("books").size());
        control.post("/control/books/BTCUSDT/jump", "{\"percent\":5}", 404);
        control.post("/control/books/NEARUSDT/jump", "{\"percent\":\"five\"}", 400);
    }

    @Test
    void statsCountSubscriptionsAndFramesPerStream() {
        WsClient client = connect("/stream?streams=nearusdt@depth5@100ms/nearusdt@bookTicker");
        client.await(f -> f.path("stream").asText().equals("nearusdt@bookTicker"), 3);

        JsonNode stats = control.stats();
        assertEquals(1, stats.path("connections").asInt(), stats.toString());
        assertEquals(1, stats.path("subscriptions").path("nearusdt@bookTicker").asInt(), stats.toString());
        assertTrue(stats.path("frames_sent").path("nearusdt@bookTicker").asInt() >= 3, stats.toString());
        assertTrue(stats.path("frames_sent").path("nearusdt@depth5@100ms").asInt() >= 2, stats.toString());
    }

    private static int count(WsClient client, String prefix) {
        return (int) client.frames().stream()
                .filter(f -> f.path("stream").asText().startsWith(prefix))
                .count();
    }
}
