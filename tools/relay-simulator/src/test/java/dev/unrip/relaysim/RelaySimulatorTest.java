package dev.unrip.relaysim;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unrip.nearintents.protocol.QuoteResponse;
import dev.unrip.nearintents.protocol.SolverKey;
import dev.unrip.nearintents.protocol.VersionedNonce;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigInteger;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RelaySimulatorTest {

    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final SolverKey KEY = SolverKey.generateThrowaway();

    @TestHTTPResource("/")
    URL base;

    private Control control;
    private Rpc rpc;
    /** The contract's current salt: what a solver puts into its nonces. */
    private byte[] salt;

    private final List<SolverClient> clients = new ArrayList<>();

    @BeforeEach
    void reset() throws Exception {
        control = new Control(base.toURI());
        rpc = new Rpc(base.toURI());
        control.post("/control/reset", "");
        salt = HexFormat.of()
                .parseHex(control.get("/control/salt").path("current").asText());
    }

    @AfterEach
    void closeClients() {
        clients.forEach(SolverClient::close);
        await().atMost(SolverClient.WAIT)
                .until(() -> control.stats().path("connections").asInt() == 0);
    }

    private SolverClient connect() {
        SolverClient client = SolverClient.connect(
                URI.create(base.toString().replaceFirst("^http", "ws")).resolve("/ws"));
        clients.add(client);
        return client;
    }

    @Test
    void subscribeIsAnsweredWithTheSameIdAndASubscriptionId() {
        SolverClient solver = connect();
        solver.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"subscribe\",\"params\":[\"quote\"]}");
        JsonNode answer = solver.answer(1);
        assertEquals("2.0", answer.path("jsonrpc").asText());
        assertTrue(UUID_TEXT.matcher(answer.path("result").asText()).matches(), answer.toString());
        String statusSubscription = solver.subscribe("quote_status");
        assertNotEquals(answer.path("result").asText(), statusSubscription);

        JsonNode stats = control.stats();
        assertEquals(1, stats.path("subscriptions").path("quote").asInt());
        assertEquals(1, stats.path("subscriptions").path("quote_status").asInt());
        assertEquals(
                "OK",
                solver.call("unsubscribe", "[\"" + statusSubscription + "\"]")
                        .path("result")
                        .asText());
        assertEquals(
                0, control.stats().path("subscriptions").path("quote_status").asInt());
    }

    @Test
    void unknownMethodsAndMalformedFramesGetJsonRpcErrors() {
        SolverClient solver = connect();
        assertEquals(
                -32601, solver.call("mystery", "[]").path("error").path("code").asInt());
        assertEquals(
                -32602,
                solver.call("subscribe", "[\"nothing\"]")
                        .path("error")
                        .path("code")
                        .asInt());
        solver.send("{\"jsonrpc\":\"2.0\",\"id\":");
        JsonNode parseError =
                solver.awaitFrame(f -> f.path("error").path("code").asInt() == -32700);
        assertTrue(parseError.path("id").isNull());
    }

    @Test
    void aPushedQuoteArrivesInEnvelopeBWithTheSubscriptionId() {
        SolverClient solver = connect();
        String subscription = solver.subscribe("quote");
        JsonNode pushed = control.post("/control/quotes", "{\"count\":3,\"rate\":100}");
        assertEquals(3, pushed.path("quote_ids").size());

        JsonNode event = solver.awaitFrame(f -> "event".equals(f.path("method").asText()));
        assertFalse(event.has("id"), "a notification");
        JsonNode params = event.path("params");
        assertEquals(subscription, params.path("subscription").asText());
        JsonNode data = params.path("data");
        assertEquals(
                pushed.path("first_quote_id").asText(), data.path("quote_id").asText());
        assertTrue(data.path("defuse_asset_identifier_in").asText().matches("nep(141|245):.+"));
        assertTrue(data.has("exact_amount_in") ^ data.has("exact_amount_out"), data.toString());
        String amount = data.has("exact_amount_in")
                ? data.path("exact_amount_in").asText()
                : data.path("exact_amount_out").asText();
        assertTrue(amount.matches("[1-9][0-9]*"), amount);
        assertTrue(data.path("min_deadline_ms").asText().matches("[0-9]+"));
        assertTrue(params.path("metadata").path("traceparent").asText().startsWith("00-"));

        await().atMost(SolverClient.WAIT).until(() -> solver.events("event").size() == 3);
        assertEquals(3, control.get("/control/quotes").path("quotes_pushed").asInt());
    }

    @Test
    void envelopeAPutsThePayloadFlatInParams() {
        SolverClient solver = connect();
        String subscription = solver.subscribe("quote");
        String quoteId = control.post("/control/quotes", "{\"count\":1,\"envelope\":\"A\"}")
                .path("first_quote_id")
                .asText();
        JsonNode event =
                solver.awaitFrame(f -> "subscribe".equals(f.path("method").asText()));
        assertEquals(subscription, event.path("params").path("subscription").asText());
        assertEquals(quoteId, event.path("params").path("quote_id").asText());
        assertFalse(event.path("params").has("data"));
    }

    @Test
    void aReusedNonceIsAcceptedAtQuoteTimeButSettlesOnce() {
        SolverClient solver = connect();
        solver.subscribe("quote");
        solver.subscribe("quote_status");
        JsonNode first = pushOne(solver);
        JsonNode second = pushOne(solver);
        String key = HexFormat.of().formatHex(UUID.randomUUID().toString().getBytes(), 0, 15);
        Instant deadline = Instant.now().plus(70, ChronoUnit.SECONDS);
        byte[] nonce = VersionedNonce.derive(key, salt, deadline);
        String firstAnswer = answer(11, first, nonce, deadline, KEY);

        // two outstanding quotes with one nonce, as the reference solver sends them: the relay takes both
        solver.send(firstAnswer);
        assertEquals("OK", solver.answer(11).path("result").asText());
        solver.send(answer(12, second, nonce, deadline, KEY));
        assertEquals("OK", solver.answer(12).path("result").asText(), "a reused nonce is no reason to refuse");

        String nonceHex = HexFormat.of().formatHex(nonce);
        JsonNode taken = control.get("/control/nonces/" + nonceHex);
        assertTrue(taken.path("accepted").asBoolean());
        assertFalse(taken.path("used").asBoolean(), "nothing settled yet");
        assertEquals(2, taken.path("count").asInt());
        assertEquals(2, taken.path("accepted_count").asInt());
        assertEquals("OK", taken.path("outcome").asText());
        assertEquals(first.path("quote_id").asText(), taken.path("quote_id").asText());
        String base64url = VersionedNonce.toBase64(nonce)
                .replace('+', '-')
                .replace('/', '_')
                .replace("=", "");
        assertTrue(control.get("/control/nonces/" + base64url).path("accepted").asBoolean());
        assertFalse(control.get("/control/nonces/"
                        + HexFormat.of()
                                .formatHex(VersionedNonce.derive("ffffffffffffffffffffffffffffff", salt, deadline)))
                .path("accepted")
                .asBoolean());
        String nonceArgs = "{\"account_id\":\"solver.near\",\"nonce\":\"" + VersionedNonce.toBase64(nonce) + "\"}";
        assertFalse(rpc.view("is_nonce_used", nonceArgs).asBoolean());

        JsonNode quoteStatus =
                control.get("/control/quote-status/" + first.path("quote_id").asText());
        assertTrue(quoteStatus.path("accepted").asBoolean());
        String quoteHash = QuoteResponse.quoteHash(firstAnswer);
        assertEquals(quoteHash, quoteStatus.path("quote_hash").asText());
        JsonNode stats = control.stats();
        assertEquals(2, stats.path("responses_received").asInt());
        assertEquals(2, stats.path("responses_accepted").asInt());
        assertEquals(0, stats.path("rejected").path("nonce_reused").asInt());
        assertEquals(0, stats.path("rejected_nonce_reused").asInt());
        assertEquals(2, stats.path("max_responses_per_nonce").asInt());
        JsonNode recorded = control.get("/control/responses");
        assertEquals(2, recorded.size());
        assertTrue(recorded.get(0).path("signature_valid").asBoolean());
        assertEquals(KEY.publicKey(), recorded.get(0).path("public_key").asText());

        // the user publishes an intent with the first quote: the nonce is used on chain, the balances move
        JsonNode before = control.get("/control/balances/solver.near");
        control.post("/control/settle/" + first.path("quote_id").asText(), "");
        JsonNode status = solver.awaitFrame(f -> f.path("params").path("data").has("quote_hash"));
        assertEquals(
                quoteHash, status.path("params").path("data").path("quote_hash").asText());
        assertTrue(status.path("params").path("data").path("intent_hash").isTextual());
        assertTrue(rpc.view("is_nonce_used", nonceArgs).asBoolean());
        JsonNode used = control.get("/control/nonces/" + nonceHex);
        assertTrue(used.path("used").asBoolean());
        assertEquals("solver.near", used.path("used_by").asText());
        assertEquals(
                first.path("quote_id").asText(), used.path("settled_quote_id").asText());

        // the second quote carries the same nonce: its intent cannot settle
        JsonNode refused = control.call(
                "POST", "/control/settle/" + second.path("quote_id").asText(), "", 409);
        assertEquals("nonce already used on chain", refused.path("error").asText());
        stats = control.stats();
        assertEquals(1, stats.path("settlements_failed_nonce_used").asInt());
        assertEquals(1, stats.path("quote_statuses_pushed").asInt());
        assertEquals(2, control.get("/control/nonces/" + nonceHex).path("count").asInt());

        // the balances moved once, by the first quote's token_diff
        JsonNode after = control.get("/control/balances/solver.near");
        boolean exactIn = first.has("exact_amount_in");
        String in = first.path("defuse_asset_identifier_in").asText();
        String out = first.path("defuse_asset_identifier_out").asText();
        BigInteger amountIn =
                new BigInteger(exactIn ? first.path("exact_amount_in").asText() : "123456");
        BigInteger amountOut = new BigInteger(
                exactIn ? "654321" : first.path("exact_amount_out").asText());
        assertEquals(
                new BigInteger(before.path(in).asText()).add(amountIn),
                new BigInteger(after.path(in).asText()));
        assertEquals(
                new BigInteger(before.path(out).asText()).subtract(amountOut),
                new BigInteger(after.path(out).asText()));
        JsonNode viewed = rpc.view(
                "mt_batch_balance_of",
                "{\"account_id\":\"solver.near\",\"token_ids\":[\"" + in + "\",\"" + out + "\"]}");
        assertEquals(after.path(in).asText(), viewed.get(0).asText());
        assertEquals(after.path(out).asText(), viewed.get(1).asText());
    }

    @Test
    void aNonceWithoutAValidSaltIsRejectedAndARotatedSaltStaysValidUntilInvalidated() {
        SolverClient solver = quoteSubscriber();
        JsonNode data = pushOne(solver);
        Instant deadline = Instant.now().plus(70, ChronoUnit.SECONDS);
        solver.send(
                answer(41, data, VersionedNonce.derive("%030d".formatted(41), new byte[4], deadline), deadline, KEY));
        JsonNode rejected = solver.answer(41).path("error");
        assertEquals(-32000, rejected.path("code").asInt());
        assertEquals(
                "invalid salt: the nonce's salt 00000000 is not a valid salt of intents.near",
                rejected.path("message").asText());

        // rotated: the previous salt stays valid
        String previous = HexFormat.of().formatHex(salt);
        JsonNode rotated = control.post("/control/salt/rotate", "");
        assertNotEquals(previous, rotated.path("current").asText());
        solver.send(answer(42, data, deadline));
        assertEquals("OK", solver.answer(42).path("result").asText());
        // invalidated: no longer
        control.post("/control/salt/invalidate/" + previous, "");
        solver.send(answer(43, data, deadline));
        assertTrue(solver.answer(43).path("error").path("message").asText().startsWith("invalid salt: "));

        // a legacy nonce (32 bytes, not versioned) is taken: the venue prohibits them, but does not enforce it yet
        byte[] legacy = HexFormat.of().parseHex("00".repeat(16) + "11".repeat(16));
        solver.send(answer(44, data, legacy, deadline, KEY));
        assertEquals("OK", solver.answer(44).path("result").asText());
        JsonNode stats = control.stats();
        assertEquals(2, stats.path("rejected").path("invalid_salt").asInt());
        assertEquals(2, stats.path("rejected_invalid_salt").asInt());
        assertEquals(2, stats.path("responses_accepted").asInt());
    }

    @Test
    void aTokenDiffThatDiffersFromTheRequestIsRejected() {
        SolverClient solver = quoteSubscriber();
        JsonNode exactIn = pushOne(solver, "{\"overrides\":{\"exact_amount_in\":\"1000\"}}");
        JsonNode exactOut = pushOne(solver, "{\"overrides\":{\"exact_amount_out\":\"2000\"}}");
        String in = exactIn.path("defuse_asset_identifier_in").asText();
        // an asset out of neither side of the request
        String otherOut = QuoteGenerator.PAIRS.stream()
                .map(p -> p.out().id())
                .filter(a -> !a.equals(in)
                        && !a.equals(exactIn.path("defuse_asset_identifier_out").asText()))
                .findFirst()
                .orElseThrow();

        assertEquals(
                "token_diff does not match the quote request: " + in + " is 1001, not +1000 (exact_amount_in)",
                answerWith(51, exactIn, "1001", "5", true, null));
        assertTrue(answerWith(52, exactIn, "1000", "0", true, null).endsWith("not negative (the solver pays it)"));
        assertTrue(answerWith(53, exactOut, "7", "1999", false, null).endsWith("not -2000 (exact_amount_out)"));
        assertTrue(answerWith(54, exactIn, "1000", "5", true, otherOut).contains("its assets are"));
        assertEquals("OK", answerWith(55, exactIn, "1000", "5", true, null));
        assertEquals("OK", answerWith(56, exactOut, "7", "2000", false, null));
        assertEquals(
                4, control.stats().path("rejected").path("token_diff_mismatch").asInt());
    }

    /** Sends a quote_response with these amounts (and maybe another asset out); its error message, or "OK". */
    private String answerWith(
            long rpcId, JsonNode data, String amountIn, String amountOut, boolean exactIn, String assetOut) {
        Instant deadline = Instant.now().plus(70, ChronoUnit.SECONDS);
        SolverClient solver = clients.get(clients.size() - 1);
        solver.send(QuoteResponse.request(
                rpcId,
                data.path("quote_id").asText(),
                data.path("defuse_asset_identifier_in").asText(),
                assetOut != null
                        ? assetOut
                        : data.path("defuse_asset_identifier_out").asText(),
                amountIn,
                amountOut,
                exactIn,
                "solver.near",
                deadline,
                VersionedNonce.derive("%030d".formatted(rpcId), salt, deadline),
                KEY));
        JsonNode answer = solver.answer(rpcId);
        return answer.has("result")
                ? answer.path("result").asText()
                : answer.path("error").path("message").asText();
    }

    @Test
    void aBadSignatureIsRejected() {
        SolverClient solver = quoteSubscriber();
        JsonNode data = pushOne(solver);
        String signed = answer(21, data, Instant.now().plus(70, ChronoUnit.SECONDS));
        // the signed message changed after signing
        String tampered = signed.replace("solver.near", "solver.neat");
        assertNotEquals(signed, tampered);
        solver.send(tampered);
        JsonNode answer = solver.answer(21);
        assertEquals("invalid signature", answer.path("error").path("message").asText());
        assertEquals(1, control.stats().path("rejected").path("bad_signature").asInt());
        assertFalse(
                control.get("/control/responses").get(0).path("signature_valid").asBoolean());
    }

    @Test
    void anUnknownQuoteAndAPassedDeadlineAreRejected() {
        SolverClient solver = quoteSubscriber();
        JsonNode data = pushOne(solver);
        JsonNode unknown = data.deepCopy();
        ((ObjectNode) unknown).put("quote_id", UUID.randomUUID().toString());
        solver.send(answer(31, unknown, Instant.now().plus(70, ChronoUnit.SECONDS)));
        assertEquals(
                "unknown quote_id",
                solver.answer(31).path("error").path("message").asText());

        solver.send(answer(32, data, Instant.now().minusSeconds(1)));
        assertEquals(
                "deadline passed",
                solver.answer(32).path("error").path("message").asText());

        solver.send("{\"jsonrpc\":\"2.0\",\"id\":33,\"method\":\"quote_response\",\"params\":[{\"quote_id\":\"x\"}]}");
        assertEquals(-32602, solver.answer(33).path("error").path("code").asInt());
        JsonNode rejected = control.stats().path("rejected");
        assertEquals(1, rejected.path("unknown_quote").asInt());
        assertEquals(1, rejected.path("expired").asInt());
        assertEquals(1, rejected.path("malformed").asInt());
    }

    @Test
    void framesAreSentVerbatimToSubscribersAndTheirQuoteIdCountsAsPushed() {
        SolverClient unsubscribed = connect();
        SolverClient solver = connect();
        solver.subscribe("quote");
        String frame =
                "{\"jsonrpc\":\"2.0\",\"method\":\"event\",\"params\":{\"subscription\":\"s\",\"data\":{\"quote_id\":\"crafted-1\"}}}";
        assertEquals(1, control.post("/control/frames", frame).path("sent_to").asInt());
        control.post("/control/frames", "{not json");
        await().atMost(SolverClient.WAIT)
                .until(() -> solver.rawFrames.stream()
                                .filter(f -> f.equals("{not json"))
                                .count()
                        == 1);
        assertEquals(
                List.of(frame, "{not json"),
                solver.rawFrames.subList(solver.rawFrames.size() - 2, solver.rawFrames.size()));
        assertTrue(
                unsubscribed.rawFrames.isEmpty(),
                "a socket without a subscription got events: " + unsubscribed.rawFrames);
        assertTrue(control.get("/control/quote-status/crafted-1").path("pushed").asBoolean());
    }

    @Test
    void dropClosesEverySocket() {
        SolverClient first = connect();
        SolverClient second = connect();
        await().atMost(SolverClient.WAIT)
                .until(() -> control.stats().path("connections").asInt() == 2);
        assertEquals(2, control.post("/control/drop", "").path("dropped").asInt());
        assertEquals(1001, first.closed.orTimeout(10, TimeUnit.SECONDS).join());
        second.closed.orTimeout(10, TimeUnit.SECONDS).join();

        SolverClient third = connect();
        await().atMost(SolverClient.WAIT)
                .until(() -> control.stats().path("connections").asInt() == 1);
        control.post("/control/drop?mode=abrupt", "");
        assertNotEquals(1001, third.closed.orTimeout(10, TimeUnit.SECONDS).join(), "no close frame");
    }

    @Test
    void silenceStopsPushesAndPongsUntilItEnds() {
        SolverClient solver = quoteSubscriber();
        solver.ping();
        await().atMost(SolverClient.WAIT).until(() -> solver.pongs.get() == 1);

        control.post("/control/silence?ms=3000", "");
        solver.ping();
        control.post("/control/quotes", "{\"count\":2,\"rate\":0}");
        await().during(Duration.ofMillis(1000))
                .atMost(Duration.ofMillis(1500))
                .until(() -> solver.pongs.get() == 1 && solver.events("event").isEmpty());

        // afterwards the ping is read and answered; quotes pushed meanwhile are lost, later ones arrive
        await().atMost(SolverClient.WAIT).until(() -> solver.pongs.get() == 2);
        control.post("/control/quotes", "{\"count\":1}");
        await().atMost(SolverClient.WAIT).until(() -> solver.events("event").size() == 1);
        assertTrue(control.stats().path("frames_suppressed_silent").asInt() >= 2);
    }

    @Test
    void healthIsUp() {
        assertEquals("UP", control.get("/q/health").path("status").asText());
    }

    /** A solver connected and subscribed to quote requests. */
    private SolverClient quoteSubscriber() {
        SolverClient solver = connect();
        solver.subscribe("quote");
        return solver;
    }

    private JsonNode pushOne(SolverClient solver) {
        return pushOne(solver, "{\"count\":1}");
    }

    private JsonNode pushOne(SolverClient solver, String request) {
        int before = solver.events("event").size();
        control.post("/control/quotes", request);
        await().atMost(SolverClient.WAIT).until(() -> solver.events("event").size() > before);
        return solver.events("event").get(before).path("params").path("data");
    }

    /** {@link #answer(long, JsonNode, byte[], Instant, SolverKey)} with KEY and a nonce of its own (the current salt, the rpc id). */
    private String answer(long rpcId, JsonNode data, Instant deadline) {
        return answer(rpcId, data, VersionedNonce.derive("%030d".formatted(rpcId), salt, deadline), deadline, KEY);
    }

    /** The solver's answer to a pushed quote, signed with the protocol library. */
    static String answer(long rpcId, JsonNode data, byte[] nonce, Instant deadline, SolverKey key) {
        boolean exactIn = data.has("exact_amount_in");
        String amountIn = exactIn ? data.path("exact_amount_in").asText() : "123456";
        String amountOut = exactIn ? "654321" : data.path("exact_amount_out").asText();
        return QuoteResponse.request(
                rpcId,
                data.path("quote_id").asText(),
                data.path("defuse_asset_identifier_in").asText(),
                data.path("defuse_asset_identifier_out").asText(),
                amountIn,
                amountOut,
                exactIn,
                "solver.near",
                deadline,
                nonce,
                key);
    }
}
