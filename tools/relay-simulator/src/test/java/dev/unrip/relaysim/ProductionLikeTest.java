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
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** The simulator as `make run` may start it: a bearer token, a steady flow, every accepted quote settled. */
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
                    "1");
        }
    }

    @TestHTTPResource("/ws")
    URL ws;

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
    void quotesFlowWithoutBeingAskedAndAnAcceptedQuoteSettles() {
        try (SolverClient solver = SolverClient.connect(ws(), "test-token")) {
            solver.subscribe("quote");
            solver.subscribe("quote_status");
            JsonNode data = solver.awaitFrame(f -> f.path("params").path("data").has("quote_id"))
                    .path("params")
                    .path("data");
            SolverKey key = SolverKey.generateThrowaway();
            Instant deadline = Instant.now().plusSeconds(70);
            String answer = RelaySimulatorTest.answer(
                    41,
                    data,
                    VersionedNonce.derive("000000000000000000000000000041", new byte[4], deadline),
                    deadline,
                    key);
            solver.send(answer);
            assertEquals("OK", solver.answer(41).path("result").asText());
            JsonNode status =
                    solver.awaitFrame(f -> f.path("params").path("data").has("quote_hash"));
            assertEquals(
                    QuoteResponse.quoteHash(answer),
                    status.path("params").path("data").path("quote_hash").asText());
            await().atMost(SolverClient.WAIT)
                    .until(() -> solver.events("event").stream()
                                    .filter(f -> f.path("params").path("data").has("quote_id"))
                                    .count()
                            >= 3);
        }
    }
}
