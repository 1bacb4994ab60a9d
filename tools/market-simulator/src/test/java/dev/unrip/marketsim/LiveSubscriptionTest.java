package dev.unrip.marketsim;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class LiveSubscriptionTest extends SimulatorTest {

    @BeforeEach
    void allowManyRequests() {
        // These tests send more than Binance's 5 messages a second; ConnectionRulesTest holds that limit.
        control.post("/control/settings", "{\"max_messages_per_second\":1000}");
    }

    @Test
    void subscribeUnsubscribeAndListAreAnsweredWithTheirIds() {
        WsClient client = connect("/ws");

        assertEquals(
                "{\"result\":null,\"id\":1}",
                client.call(1, "SUBSCRIBE", "[\"nearusdt@depth10@100ms\",\"ethusdt@bookTicker\"]")
                        .toString());
        assertEquals(
                "{\"result\":[\"nearusdt@depth10@100ms\",\"ethusdt@bookTicker\"],\"id\":2}",
                client.call(2, "LIST_SUBSCRIPTIONS", null).toString());
        JsonNode depth = client.await(f -> f.has("lastUpdateId"));
        Levels.assertHealthyDepth(depth, 10);
        client.await(f -> "ETHUSDT".equals(f.path("s").asText()));

        assertEquals(
                "{\"result\":null,\"id\":3}",
                client.call(3, "UNSUBSCRIBE", "[\"nearusdt@depth10@100ms\"]").toString());
        assertEquals(
                "{\"result\":[\"ethusdt@bookTicker\"],\"id\":4}",
                client.call(4, "LIST_SUBSCRIPTIONS", null).toString());
        int frames = client.texts.size();
        client.await(f -> "ETHUSDT".equals(f.path("s").asText()), 3);
        // One may have been on its way when the UNSUBSCRIBE was read; three would be three ticks of a live stream.
        assertTrue(
                client.frames().subList(frames, client.texts.size()).stream()
                                .filter(f -> f.has("lastUpdateId"))
                                .count()
                        <= 1,
                "no depth frames after the UNSUBSCRIBE was answered");
    }

    @Test
    void idIsEchoedAsSentStringOrNull() {
        WsClient client = connect("/ws");

        client.send("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":\"a1-b2\"}");
        assertEquals(
                "{\"result\":[],\"id\":\"a1-b2\"}",
                client.await(f -> f.has("result")).toString());
        client.send("{\"method\":\"SUBSCRIBE\",\"params\":[\"usdcusdt@bookTicker\"],\"id\":null}");
        client.await(f -> f.has("result") && f.path("id").isNull());
    }

    @Test
    void combinedPropertyWrapsPayloadsWhenSet() {
        WsClient client = connect("/ws/usdcusdt@bookTicker");

        assertEquals(
                "{\"result\":false,\"id\":1}",
                client.call(1, "GET_PROPERTY", "[\"combined\"]").toString());
        assertEquals(
                "{\"result\":null,\"id\":2}",
                client.call(2, "SET_PROPERTY", "[\"combined\",true]").toString());
        JsonNode wrapped = client.await(f -> f.path("stream").asText().equals("usdcusdt@bookTicker"));
        assertEquals("USDCUSDT", wrapped.path("data").path("s").asText());
        assertEquals(
                "{\"result\":true,\"id\":3}",
                client.call(3, "GET_PROPERTY", "[\"combined\"]").toString());
    }

    @Test
    void refusalsCarryTheDocumentedCodesAndMessages() {
        WsClient client = connect("/ws");

        client.send("{\"method\":\"SUBSCRIBE\",");
        assertError(client, 1, 3, "Invalid JSON: expected value at line 1 column ", null);
        client.send("{\"method\":\"SUBSCRIBEX\",\"params\":[],\"id\":7}");
        assertError(
                client,
                2,
                2,
                "Invalid request: unknown variant `SUBSCRIBEX`, expected one of `SUBSCRIBE`, `UNSUBSCRIBE`, "
                        + "`LIST_SUBSCRIPTIONS`, `SET_PROPERTY`, `GET_PROPERTY` at line 1 column 22",
                null);
        client.send("{\"params\":[],\"id\":8}");
        assertError(client, 3, 2, "Invalid request: missing field `method` at line 1 column 20", null);
        client.send("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":{\"n\":1}}");
        assertError(client, 4, 2, "Invalid request: request ID must be an unsigned integer", null);
        client.send("{\"method\":\"SUBSCRIBE\",\"params\":[\"@@@lixo###\"],\"id\":9}");
        assertError(client, 5, 2, "Invalid request: invalid stream", 9L);
        client.send("{\"method\":\"SET_PROPERTY\",\"params\":[\"compressed\",true],\"id\":10}");
        assertError(client, 6, 0, "Unknown property", 10L);
        client.send("{\"method\":\"SET_PROPERTY\",\"params\":[\"combined\",\"yes\"],\"id\":11}");
        assertError(client, 7, 1, "Invalid value type: expected Boolean", 11L);
        client.send("{\"method\":\"SET_PROPERTY\",\"params\":[5,true],\"id\":12}");
        assertError(client, 8, 2, "Invalid request: property name must be a string", 12L);
        client.send("{\"method\":\"GET_PROPERTY\",\"params\":[\"combined\",true],\"id\":13}");
        assertError(client, 9, 2, "Invalid request: too many parameters", 13L);
        assertEquals(9, control.stats().path("errors_sent").asInt());
        assertFalse(client.isClosed(), "a refused request does not close the connection");
    }

    @Test
    void wellFormedStreamsAreAcknowledgedEvenWhenNothingServesThem() {
        WsClient client = connect("/ws");

        assertEquals(
                "{\"result\":null,\"id\":1}",
                client.call(1, "SUBSCRIBE", "[\"btcusdt@depth5\",\"nearusdt@noSuchStream\"]")
                        .toString());
        assertEquals(2, control.stats().path("subscriptions_total").asInt());
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> client.texts.size() == 1);
    }

    @Test
    void moreStreamsThanAConnectionMayHaveAreRefused() {
        control.post("/control/settings", "{\"max_streams\":3}");
        WsClient client = connect("/ws/nearusdt@depth5/ethusdt@depth5");

        assertEquals(
                "{\"error\":{\"code\":2,\"msg\":\"Invalid request: too many streams: a connection can listen to at"
                        + " most 3 streams\"},\"id\":1}",
                client.call(1, "SUBSCRIBE", "[\"usdcusdt@depth5\",\"nearusdt@bookTicker\"]")
                        .toString());
        assertEquals(
                "{\"result\":[\"nearusdt@depth5\",\"ethusdt@depth5\"],\"id\":2}",
                client.call(2, "LIST_SUBSCRIPTIONS", null).toString());
        assertEquals(400, WsClient.connect(ws("/ws/a@b/c@d/e@f/g@h"), true).status);
    }

    /** The {@code n}-th refusal this client received. */
    private static void assertError(WsClient client, int n, int code, String msgStart, Long id) {
        JsonNode answer = client.await(f -> f.has("error"), n).get(n - 1);
        assertEquals(code, answer.path("error").path("code").asInt(), answer.toString());
        assertTrue(answer.path("error").path("msg").asText().startsWith(msgStart), answer.toString());
        if (id == null) {
            assertTrue(answer.path("id").isNull(), answer.toString());
        } else {
            assertEquals(id.longValue(), answer.path("id").asLong(), answer.toString());
        }
    }
}
