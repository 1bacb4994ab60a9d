package dev.unrip.relaysim;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unrip.nearintents.protocol.Base58;
import dev.unrip.nearintents.protocol.SolverKey;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The NEAR JSON-RPC side: the intents contract's views in nearcore's shapes, and the faults of each endpoint. */
@QuarkusTest
class RpcTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL base;

    private Control control;
    private Rpc rpc;

    @BeforeEach
    void reset() throws Exception {
        control = new Control(base.toURI());
        rpc = new Rpc(base.toURI());
        control.post("/control/reset", "");
    }

    @AfterEach
    void clearFaults() {
        control.call("DELETE", "/control/rpc/faults", "", 200);
    }

    @Test
    void currentSaltIsAViewResultInTheRealShape() {
        JsonNode answer = rpc.call("current_salt", "{}");
        assertEquals("2.0", answer.path("jsonrpc").asText());
        assertEquals("dontcare", answer.path("id").asText());
        JsonNode result = answer.path("result");
        assertTrue(result.path("logs").isArray() && result.path("logs").isEmpty());
        assertTrue(result.path("block_height").asLong() >= 150_000_000L, answer.toString());
        assertEquals(32, Base58.decode(result.path("block_hash").asText()).length);
        for (JsonNode b : result.path("result")) {
            assertTrue(b.isInt() && b.asInt() >= 0 && b.asInt() <= 255, answer.toString());
        }
        String salt = Rpc.value(answer).asText();
        assertTrue(salt.matches("[0-9a-f]{8}") && !salt.equals("00000000"), salt);
        assertEquals(control.get("/control/salt").path("current").asText(), salt);
        assertTrue(rpc.view("is_valid_salt", "{\"salt\":\"" + salt + "\"}").asBoolean());
        assertFalse(rpc.view("is_valid_salt", "{\"salt\":\"00000000\"}").asBoolean());
    }

    @Test
    void aRotatedSaltStaysValidUntilInvalidated() {
        String first = rpc.view("current_salt", "{}").asText();
        String second = control.post("/control/salt/rotate", "").path("current").asText();
        assertNotEquals(first, second);
        assertEquals(second, rpc.view("current_salt", "{}").asText());
        assertTrue(isValid(first), "the previous salt stays valid");
        assertTrue(control.get("/control/salt").path("valid").toString().contains(first));

        String third = control.post("/control/salt/rotate?invalidate=true", "")
                .path("current")
                .asText();
        assertFalse(isValid(second), "rotated with invalidate=true");
        assertTrue(isValid(first) && isValid(third));

        control.post("/control/salt/invalidate/" + first, "");
        assertFalse(isValid(first));
        // invalidating the current salt makes a new one
        JsonNode after = control.post("/control/salt/invalidate/" + third, "");
        assertNotEquals(third, after.path("current").asText());
        assertFalse(isValid(third));
        assertTrue(isValid(after.path("current").asText()));
        control.call("POST", "/control/salt/invalidate/" + third, "", 404);
        control.call("POST", "/control/salt/invalidate/xyz", "", 400);
    }

    private boolean isValid(String salt) {
        return rpc.view("is_valid_salt", "{\"salt\":\"" + salt + "\"}").asBoolean();
    }

    @Test
    void blocksAdvanceAndTheFinalOneTrailsTheHead() throws Exception {
        long first = rpc.call("current_salt", "{}")
                .path("result")
                .path("block_height")
                .asLong();
        String optimistic = Rpc.query("intents.near", "current_salt", "{}").replace("\"final\"", "\"optimistic\"");
        long head = JSON.readTree(rpc.post("/rpc", optimistic, null).body())
                .path("result")
                .path("block_height")
                .asLong();
        assertTrue(head >= first + 2, head + " vs " + first);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> rpc.call("current_salt", "{}")
                                .path("result")
                                .path("block_height")
                                .asLong()
                        > first);
    }

    @Test
    void keysAreRegisteredAndRemovedThroughControl() {
        String key = SolverKey.generateThrowaway().publicKey();
        String args = "{\"account_id\":\"keys.near\",\"public_key\":\"" + key + "\"}";
        assertFalse(rpc.view("has_public_key", args).asBoolean());
        assertTrue(control.post("/control/keys", args).path("registered").asBoolean());
        assertTrue(rpc.view("has_public_key", args).asBoolean());
        assertFalse(rpc.view("has_public_key", args.replace("keys.near", "other.near"))
                .asBoolean());
        assertEquals(
                key,
                control.get("/control/keys")
                        .path("keys")
                        .path("keys.near")
                        .get(0)
                        .asText());
        JsonNode removed = control.call("DELETE", "/control/keys", args, 200);
        assertTrue(removed.path("removed").asBoolean());
        assertFalse(rpc.view("has_public_key", args).asBoolean());
        control.call("POST", "/control/keys", "{\"account_id\":\"keys.near\",\"public_key\":\"nope\"}", 400);
    }

    @Test
    void balancesStartFromTheDefaultsAndCanBeSet() {
        JsonNode balances = rpc.view(
                "mt_batch_balance_of",
                "{\"account_id\":\"fresh.near\",\"token_ids\":[\"nep141:wrap.near\",\"nep141:unknown.near\","
                        + "\"nep245:v2_1.omni.hot.tg:56_11111111111111111111\"]}");
        assertEquals(3, balances.size());
        assertTrue(balances.get(0).asText().matches("[1-9][0-9]{24,}"), balances.toString());
        assertEquals("0", balances.get(1).asText());
        assertTrue(balances.get(2).asText().matches("[1-9][0-9]+"));
        for (QuoteGenerator.Pair pair : QuoteGenerator.PAIRS) {
            assertTrue(control.get("/control/balances/fresh.near").has(pair.in().id()), pair.toString());
        }

        control.call("PUT", "/control/balances/fresh.near", "{\"nep141:wrap.near\":\"5\",\"nep141:x.near\":7}", 200);
        JsonNode set = control.get("/control/balances/fresh.near");
        assertEquals("5", set.path("nep141:wrap.near").asText());
        assertEquals("7", set.path("nep141:x.near").asText());
        assertFalse(set.has("nep141:usdt.tether-token.near"), "PUT replaces the balances");
        control.call("PUT", "/control/balances/fresh.near", "{\"nep141:wrap.near\":\"1.5\"}", 400);
    }

    @Test
    void errorsHaveNearcoresShapes() throws Exception {
        JsonNode unknownAccount =
                rpc.call("/rpc", "someone.near", "current_salt", "{}").path("error");
        assertEquals("HANDLER_ERROR", unknownAccount.path("name").asText());
        assertEquals(
                "UNKNOWN_ACCOUNT", unknownAccount.path("cause").path("name").asText());
        assertEquals(
                "someone.near",
                unknownAccount
                        .path("cause")
                        .path("info")
                        .path("requested_account_id")
                        .asText());
        assertEquals(-32000, unknownAccount.path("code").asInt());
        assertEquals("Server error", unknownAccount.path("message").asText());

        JsonNode noMethod = rpc.call("no_such_view", "{}").path("error");
        assertEquals("HANDLER_ERROR", noMethod.path("name").asText());
        assertEquals(
                "CONTRACT_EXECUTION_ERROR", noMethod.path("cause").path("name").asText());
        assertTrue(noMethod.path("cause").path("info").path("vm_error").asText().contains("MethodNotFound"));

        JsonNode badArgs = rpc.call("is_valid_salt", "{\"salz\":1}").path("error");
        assertEquals(
                "CONTRACT_EXECUTION_ERROR", badArgs.path("cause").path("name").asText());
        assertTrue(
                badArgs.path("cause").path("info").path("vm_error").asText().contains("Smart contract panicked"),
                badArgs.toString());
        assertTrue(badArgs.path("data").asText().contains("missing field `salt`"));

        HttpResponse<String> unknownMethod =
                rpc.post("/rpc", "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"mystery\",\"params\":{}}", null);
        JsonNode methodError = JSON.readTree(unknownMethod.body());
        assertEquals(400, unknownMethod.statusCode());
        assertEquals(7, methodError.path("id").asInt());
        assertEquals(
                "REQUEST_VALIDATION_ERROR",
                methodError.path("error").path("name").asText());
        assertEquals(
                "METHOD_NOT_FOUND",
                methodError.path("error").path("cause").path("name").asText());
        assertEquals(-32601, methodError.path("error").path("code").asInt());

        JsonNode parseError = JSON.readTree(rpc.post("/rpc", "{not json", null).body());
        assertTrue(parseError.path("id").isNull());
        assertEquals(
                "PARSE_ERROR",
                parseError.path("error").path("cause").path("name").asText());
        assertEquals(-32700, parseError.path("error").path("code").asInt());
    }

    @Test
    void a429FaultHitsOneEndpointForItsCountWithRetryAfter() throws Exception {
        control.post("/control/rpc/faults", "{\"endpoint\":\"a\",\"mode\":\"429\",\"count\":2}");
        String query = Rpc.query("intents.near", "current_salt", "{}");
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> limited = rpc.post("/rpc/a", query, null);
            assertEquals(429, limited.statusCode());
            assertEquals("1", limited.headers().firstValue("Retry-After").orElse(null));
            assertEquals("Too Many Requests", limited.body());
            assertEquals(200, rpc.post("/rpc/b", query, null).statusCode(), "another endpoint answers");
        }
        assertEquals(200, rpc.post("/rpc/a", query, null).statusCode(), "the count ran out");
        assertTrue(control.get("/control/rpc/faults").path("faults").isEmpty());

        JsonNode stats = control.stats();
        assertEquals(3, stats.path("rpc_calls").path("a").asInt());
        assertEquals(2, stats.path("rpc_calls").path("b").asInt());
        assertEquals(5, stats.path("rpc_methods").path("current_salt").asInt());
        String metrics = control.text("/q/metrics");
        assertTrue(
                metrics.contains(
                        "relay_sim_rpc_calls_total{endpoint=\"a\",method=\"current_salt\",outcome=\"429\"} 2.0"),
                metrics);
    }

    @Test
    void unavailableOnEveryEndpointButOneAndClearedByDelete() throws Exception {
        control.post("/control/rpc/faults", "{\"endpoint\":\"*\",\"mode\":\"unavailable\"}");
        control.post("/control/rpc/faults", "{\"endpoint\":\"b\",\"mode\":\"none\"}");
        String query = Rpc.query("intents.near", "current_salt", "{}");
        assertEquals(503, rpc.post("/rpc", query, null).statusCode());
        assertEquals(503, rpc.post("/rpc/a", query, null).statusCode());
        assertEquals(200, rpc.post("/rpc/b", query, null).statusCode());
        assertEquals(
                "unavailable",
                control.get("/control/rpc/faults")
                        .path("faults")
                        .path("*")
                        .path("mode")
                        .asText());
        control.call("DELETE", "/control/rpc/faults", "", 200);
        assertEquals(200, rpc.post("/rpc/a", query, null).statusCode());
        control.call("POST", "/control/rpc/faults", "{\"endpoint\":\"a\",\"mode\":\"boom\"}", 400);
    }

    @Test
    void anOldErrorFaultAnswersInTheOlderShape() {
        control.post("/control/rpc/faults", "{\"endpoint\":\"default\",\"mode\":\"old-error\",\"count\":1}");
        JsonNode answer = rpc.call("current_salt", "{}");
        assertFalse(answer.has("error"), answer.toString());
        JsonNode result = answer.path("result");
        assertTrue(result.path("error").asText().startsWith("wasm execution failed with error: FunctionCallError("));
        assertFalse(result.has("result"), "no result bytes");
        assertTrue(result.path("logs").isArray());
        assertTrue(result.path("block_height").asLong() > 0);
        assertTrue(result.path("block_hash").isTextual());
    }

    @Test
    void aMalformedFaultAlternatesBadResultBytesAndABodyThatIsNotJson() throws Exception {
        control.post("/control/rpc/faults", "{\"endpoint\":\"m\",\"mode\":\"malformed\",\"count\":2}");
        String query = Rpc.query("intents.near", "current_salt", "{}");
        HttpResponse<String> first = rpc.post("/rpc/m", query, null);
        assertEquals(200, first.statusCode());
        JsonNode answer = JSON.readTree(first.body());
        assertThrows(AssertionError.class, () -> Rpc.value(answer), "result bytes that are not JSON");
        HttpResponse<String> second = rpc.post("/rpc/m", query, null);
        assertEquals(200, second.statusCode());
        assertThrows(Exception.class, () -> JSON.readTree(second.body()), second.body());
    }

    @Test
    void aTimeoutFaultAnswersOnlyAfterItsDelay() throws Exception {
        control.post(
                "/control/rpc/faults", "{\"endpoint\":\"slow\",\"mode\":\"timeout\",\"count\":2,\"delay_ms\":800}");
        String query = Rpc.query("intents.near", "current_salt", "{}");
        assertThrows(HttpTimeoutException.class, () -> rpc.post("/rpc/slow", query, Duration.ofMillis(200)));
        long started = System.nanoTime();
        HttpResponse<String> late = rpc.post("/rpc/slow", query, null);
        assertTrue((System.nanoTime() - started) / 1_000_000 >= 750, "answered before the delay");
        assertEquals(200, late.statusCode());
        assertTrue(Rpc.value(JSON.readTree(late.body())).isTextual());
        // other endpoints are not slowed meanwhile
        assertEquals(200, rpc.post("/rpc", query, Duration.ofSeconds(2)).statusCode());
    }
}
