package dev.unrip.relaysim;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unrip.nearintents.protocol.SolverKey;
import dev.unrip.nearintents.protocol.VersionedNonce;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The settings that make the simulator another venue: its own contract id, registered keys from
 * the environment, contract errors in the older RPC shape, no salt check, and an answer window.
 */
@QuarkusTest
@TestProfile(VenueSettingsTest.Profile.class)
class VenueSettingsTest {

    static final String KEY = "ed25519:6E8sCci9badyRkXb3JoRpBj5p8C6Tw41ELDZoiihKEtp";

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "sim.contract-id", "intents.test.near",
                    "sim.registered-keys", "solver.test.near:" + KEY + ", other.test.near:" + KEY,
                    "sim.rpc-old-errors", "true",
                    "sim.check-salt", "false",
                    "sim.quote-window-ms", "1000",
                    "sim.balances", "nep141:wrap.near=10,nep141:usdt.tether-token.near=-3");
        }
    }

    @TestHTTPResource("/")
    URL base;

    @Test
    void registeredKeysComeFromTheEnvironment() throws Exception {
        Rpc rpc = new Rpc(base.toURI());
        String args = "{\"account_id\":\"solver.test.near\",\"public_key\":\"" + KEY + "\"}";
        assertTrue(view(rpc, "has_public_key", args).asBoolean());
        assertTrue(view(rpc, "has_public_key", args.replace("solver.test", "other.test"))
                .asBoolean());
        assertFalse(view(rpc, "has_public_key", args.replace("solver.test", "third.test"))
                .asBoolean());
        JsonNode balances = view(
                rpc,
                "mt_batch_balance_of",
                "{\"account_id\":\"x.near\",\"token_ids\":[\"nep141:usdt.tether-token.near\",\"nep141:wrap.near\"]}");
        assertEquals("-3", balances.get(0).asText());
        assertEquals("10", balances.get(1).asText());
    }

    @Test
    void contractErrorsComeInTheOlderShape() throws Exception {
        Rpc rpc = new Rpc(base.toURI());
        JsonNode answer = rpc.call("/rpc", "intents.test.near", "no_such_view", "{}");
        assertFalse(answer.has("error"), answer.toString());
        assertTrue(answer.path("result").path("error").asText().contains("MethodNotFound"));
        assertFalse(answer.path("result").has("result"));
        // the default contract id is just another account here
        assertEquals(
                "UNKNOWN_ACCOUNT",
                rpc.call("current_salt", "{}")
                        .path("error")
                        .path("cause")
                        .path("name")
                        .asText());
    }

    @Test
    void withoutTheSaltCheckAnySaltIsTakenAndLateAnswersAreRefused() throws Exception {
        Control control = new Control(base.toURI());
        try (SolverClient solver = SolverClient.connect(
                URI.create(base.toString().replaceFirst("^http", "ws")).resolve("/ws"))) {
            solver.subscribe("quote");
            control.post("/control/quotes", "{\"count\":1}");
            JsonNode data = solver.awaitFrame(f -> f.path("params").path("data").has("quote_id"))
                    .path("params")
                    .path("data");
            SolverKey key = SolverKey.generateThrowaway();
            AtomicLong ids = new AtomicLong(60);
            // answered at once: taken, salt 00000000 and all; later than the window: refused
            JsonNode first = send(solver, data, key, ids.incrementAndGet());
            assertEquals("OK", first.path("result").asText(), first.toString());
            JsonNode late = await().atMost(Duration.ofSeconds(5))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> send(solver, data, key, ids.incrementAndGet()), a -> a.has("error"));
            assertEquals(-32098, late.path("error").path("code").asInt());
            assertEquals(
                    "quote window closed: the relay stopped collecting answers for this quote",
                    late.path("error").path("message").asText());
            assertEquals(
                    1, control.stats().path("rejected").path("window_closed").asInt());
        }
    }

    private static JsonNode send(SolverClient solver, JsonNode data, SolverKey key, long id) {
        Instant deadline = Instant.now().plusSeconds(70);
        solver.send(RelaySimulatorTest.answer(
                id, data, VersionedNonce.derive("%030d".formatted(id), new byte[4], deadline), deadline, key));
        return solver.answer(id);
    }

    private static JsonNode view(Rpc rpc, String method, String args) {
        return Rpc.value(rpc.call("/rpc", "intents.test.near", method, args));
    }
}
