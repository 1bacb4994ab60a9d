package dev.unrip.relaysim;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unrip.nearintents.protocol.QuoteResponse;
import dev.unrip.nearintents.protocol.SolverKey;
import dev.unrip.nearintents.protocol.VersionedNonce;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.net.URL;
import java.net.http.WebSocketHandshakeException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * The simulator as `make run` may start it: a bearer token, a steady flow, every accepted quote
 * settled, every public key counted as registered.
 */
@QuarkusTest
@TestProfile(ProductionLikeTest.Profile.class)
class ProductionLikeTest {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "sim.require-auth",
                    "test-token",
                    "sim.rate",
                    "20",
                    "sim.settle-ratio",
                    "1.0",
                    "sim.settle-delay-ms",
                    "1",
                    "sim.any-key-registered",
                    "true");
        }
    }

    @TestHTTPResource("/ws")
    URL ws;

    @TestHTTPResource("/")
    URL base;

    private URI ws() {
        return URI.create(ws.toString().replaceFirst("^http", "ws"));
    }

    @Test
    void withoutTheBearerTokenTheUpgradeIsRefused() {
        CompletionException e = assertThrows(CompletionException.class, () -> SolverClient.connect(ws(), null));
        assertEquals(
                401, ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode());
        CompletionException wrong = assertThrows(CompletionException.class, () -> SolverClient.connect(ws(), "other"));
        assertTrue(wrong.getCause() instanceof WebSocketHandshakeException);
    }

    @Test
    void quotesFlowWithoutBeingAskedAndAnAcceptedQuoteSettles() throws Exception {
        try (SolverClient solver = SolverClient.connect(ws(), "test-token")) {
            solver.subscribe("quote");
            solver.subscribe("quote_status");
            JsonNode data = solver.awaitFrame(f -> f.path("params").path("data").has("quote_id"))
                    .path("params")
                    .path("data");
            SolverKey key = SolverKey.generateThrowaway();
            Instant deadline = Instant.now().plusSeconds(70);
            byte[] salt = HexFormat.of()
                    .parseHex(Rpc.value(new Rpc(base.toURI()).call("current_salt", "{}"))
                            .asText());
            byte[] nonce = VersionedNonce.derive("000000000000000000000000000041", salt, deadline);
            String answer = RelaySimulatorTest.answer(41, data, nonce, deadline, key);
            solver.send(answer);
            assertEquals("OK", solver.answer(41).path("result").asText());
            JsonNode status =
                    solver.awaitFrame(f -> f.path("params").path("data").has("quote_hash"));
            assertEquals(
                    QuoteResponse.quoteHash(answer),
                    status.path("params").path("data").path("quote_hash").asText());
            // settled on chain: the nonce is used
            assertTrue(new Rpc(base.toURI())
                    .view(
                            "is_nonce_used",
                            "{\"account_id\":\"solver.near\",\"nonce\":\"" + VersionedNonce.toBase64(nonce) + "\"}")
                    .asBoolean());
            await().atMost(SolverClient.WAIT)
                    .until(() -> solver.events("event").stream()
                                    .filter(f -> f.path("params").path("data").has("quote_id"))
                                    .count()
                            >= 3);
        }
    }

    @Test
    void everyKeyCountsAsRegistered() throws Exception {
        String args = "{\"account_id\":\"anyone.near\",\"public_key\":\""
                + SolverKey.generateThrowaway().publicKey() + "\"}";
        assertTrue(new Rpc(base.toURI()).view("has_public_key", args).asBoolean());
    }
}
