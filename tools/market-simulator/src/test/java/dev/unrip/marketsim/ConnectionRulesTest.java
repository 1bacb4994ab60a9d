package dev.unrip.marketsim;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ConnectionRulesTest extends SimulatorTest {

    @Test
    void pingsAreSentAndAClientThatNeverPongsIsClosed() throws Exception {
        // Not faster: the pongs count against the 5 messages a second too.
        control.post("/control/settings", "{\"ping_interval_ms\":300,\"pong_timeout_ms\":900}");
        WsClient silent = connect("/ws/nearusdt@bookTicker", false);
        WsClient answering = connect("/ws/nearusdt@bookTicker", true);

        assertEquals(1001, silent.closed.get(5, TimeUnit.SECONDS));
        assertTrue(silent.pings.size() >= 2, "pings before the close: " + silent.pings);
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(3)).until(() -> !answering.isClosed());
        assertTrue(answering.pings.size() >= 4, "pings: " + answering.pings);
        JsonNode stats = control.stats();
        assertEquals(1, stats.path("forced_disconnects").path("pong_timeout").asInt(), stats.toString());
        assertTrue(stats.path("pings_sent").asInt() >= 6, stats.toString());
        assertTrue(stats.path("pongs_received").asInt() >= 4, stats.toString());
        assertEquals(0, stats.path("forced_disconnects").path("rate_limit").asInt(), stats.toString());
    }

    @Test
    void anUnsolicitedPongDoesNotKeepAConnectionOpen() throws Exception {
        control.post(
                "/control/settings",
                "{\"ping_interval_ms\":200,\"pong_timeout_ms\":600,\"max_messages_per_second\":1000}");
        WsClient client = connect("/ws/nearusdt@bookTicker", false);
        // Pongs of its own, never the ping's payload.
        await().atMost(WsClient.WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!client.isClosed()) {
                try {
                    client.pong("");
                } catch (java.io.IOException e) {
                    // closed meanwhile
                }
            }
            return client.isClosed();
        });

        assertEquals(1001, client.closed.get(1, TimeUnit.SECONDS));
        assertTrue(control.stats().path("pongs_unsolicited").asInt() >= 3);
    }

    @Test
    void aConnectionIsClosedAtTheEndOfItsLifetime() throws Exception {
        control.post("/control/settings", "{\"connection_lifetime_ms\":1000}");
        long start = System.nanoTime();
        WsClient client = connect("/stream?streams=ethusdt@depth5@100ms");

        assertEquals(1001, client.closed.get(5, TimeUnit.SECONDS));
        long lived = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(lived >= 900, "lived " + lived + " ms");
        assertTrue(client.texts.size() >= 3, "frames until then: " + client.texts.size());
        assertEquals(
                1, control.stats().path("forced_disconnects").path("lifetime").asInt());
    }

    @Test
    void theSixthMessageWithinASecondDisconnects() throws Exception {
        WsClient client = connect("/ws");
        for (int id = 1; id <= 5; id++) {
            client.send("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":" + id + "}");
        }
        client.await(f -> f.has("result"), 5);
        assertFalse(client.isClosed());

        client.send("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":6}");
        assertEquals(1008, client.closed.get(5, TimeUnit.SECONDS));
        assertTrue(client.frames().stream().noneMatch(f -> f.path("id").asInt() == 6), "the sixth is not answered");
        assertEquals(
                1, control.stats().path("forced_disconnects").path("rate_limit").asInt());
    }

    @Test
    void pingFramesCountAsMessages() throws Exception {
        WsClient client = connect("/ws");
        for (int i = 0; i < 6; i++) {
            client.ping("p" + i);
        }
        assertEquals(1008, client.closed.get(5, TimeUnit.SECONDS));
    }

    @Test
    void disconnectClosesEveryClientAfterAServerShutdownEvent() throws Exception {
        WsClient raw = connect("/ws/nearusdt@bookTicker");
        WsClient combined = connect("/stream?streams=nearusdt@bookTicker");
        raw.await(f -> f.has("u"));
        combined.await(f -> f.has("stream"));

        assertEquals(
                2,
                control.post("/control/disconnect", "{\"notice\":true}")
                        .path("disconnected")
                        .asInt());
        assertEquals(1001, raw.closed.get(5, TimeUnit.SECONDS));
        assertEquals(1001, combined.closed.get(5, TimeUnit.SECONDS));
        assertEquals("serverShutdown", raw.await(f -> f.has("e")).path("e").asText());
        assertEquals(
                "!serverShutdown",
                combined.await(f -> f.path("stream").asText().startsWith("!"))
                        .path("stream")
                        .asText());

        WsClient dropped = connect("/ws/nearusdt@bookTicker");
        dropped.await(f -> f.has("u"));
        control.post("/control/disconnect", "{\"abrupt\":true}");
        assertEquals(-1, dropped.closed.get(5, TimeUnit.SECONDS), "no close frame");
        assertEquals(
                3, control.stats().path("forced_disconnects").path("control").asInt());
    }
}
