package dev.unrip.nearintents.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuoteResponseTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WNEAR = "nep141:wrap.near";
    private static final String USDT = "nep141:usdt.tether-token.near";
    private static final Instant DEADLINE = Instant.parse("2026-11-25T10:01:10Z");
    private static final SolverKey KEY = SolverKey.generateThrowaway();
    private static final byte[] NONCE =
            VersionedNonce.derive("00000000000000000000000000c001", new byte[] {1, 2, 3, 4}, DEADLINE);

    private static String exactIn() {
        return QuoteResponse.request(
                7,
                "q-1",
                WNEAR,
                USDT,
                "1000000000000000000000000",
                "2990000",
                true,
                "solver.near",
                DEADLINE,
                NONCE,
                KEY);
    }

    @Test
    void buildsTheDocumentedQuoteResponseRequest() throws Exception {
        JsonNode rpc = JSON.readTree(exactIn());
        assertEquals("2.0", rpc.path("jsonrpc").asText());
        assertEquals(7, rpc.path("id").asLong());
        assertEquals("quote_response", rpc.path("method").asText());
        assertEquals(1, rpc.path("params").size());
        JsonNode quote = rpc.path("params").path(0);
        assertEquals("q-1", quote.path("quote_id").asText());
        assertEquals(JSON.readTree("{\"amount_out\":\"2990000\"}"), quote.path("quote_output"));
        JsonNode signed = quote.path("signed_data");
        assertEquals("nep413", signed.path("standard").asText());
        assertEquals("intents.near", signed.path("payload").path("recipient").asText());
        assertEquals(
                VersionedNonce.toBase64(NONCE),
                signed.path("payload").path("nonce").asText());
        assertEquals(KEY.publicKey(), signed.path("public_key").asText());
        assertTrue(signed.path("signature").asText().startsWith("ed25519:"));

        JsonNode message = JSON.readTree(signed.path("payload").path("message").asText());
        assertEquals("solver.near", message.path("signer_id").asText());
        assertEquals("2026-11-25T10:01:10.000Z", message.path("deadline").asText());
        JsonNode intent = message.path("intents").path(0);
        assertEquals("token_diff", intent.path("intent").asText());
        // The solver receives what the user gives (positive) and gives the other asset (negative).
        assertEquals(
                JSON.readTree("{\"" + WNEAR + "\":\"1000000000000000000000000\",\"" + USDT + "\":\"-2990000\"}"),
                intent.path("diff"));
    }

    @Test
    void anExactOutQuoteAnswersWithAmountIn() throws Exception {
        String request = QuoteResponse.request(
                8,
                "q-2",
                USDT,
                WNEAR,
                "3010000",
                "1000000000000000000000000",
                false,
                "solver.near",
                DEADLINE,
                NONCE,
                KEY);
        assertEquals(
                JSON.readTree("{\"amount_in\":\"3010000\"}"),
                JSON.readTree(request).path("params").path(0).path("quote_output"));
        QuoteResponse.VerifiedQuote quote = QuoteResponse.verify(request);
        assertEquals("3010000", quote.amountIn());
        assertNull(quote.amountOut());
    }

    @Test
    void aSignedQuoteResponseVerifiesAndReadsBack() {
        QuoteResponse.VerifiedQuote quote = QuoteResponse.verify(exactIn());
        assertTrue(quote.signatureValid());
        assertEquals(7, quote.rpcId().asLong());
        assertEquals("q-1", quote.quoteId());
        assertEquals("2990000", quote.amountOut());
        assertEquals("solver.near", quote.signerId());
        assertEquals(DEADLINE, quote.deadline());
        assertEquals(Map.of(WNEAR, "1000000000000000000000000", USDT, "-2990000"), quote.diff());
        assertArrayEquals(NONCE, quote.nonce());
        assertEquals(KEY.publicKey(), quote.publicKey());
        assertEquals(
                Base58.encode(Nep413.digest(
                        QuoteResponse.message(
                                "solver.near", DEADLINE, WNEAR, "1000000000000000000000000", USDT, "2990000"),
                        NONCE,
                        "intents.near",
                        null)),
                quote.quoteHash());
    }

    @Test
    void aTamperedQuoteResponseDoesNotVerify() throws Exception {
        String request = exactIn();
        assertFalse(
                QuoteResponse.verify(request.replace("-2990000", "-2990001")).signatureValid(), "message changed");

        ObjectNode otherKey = (ObjectNode) JSON.readTree(request);
        ((ObjectNode) otherKey.path("params").path(0).path("signed_data"))
                .put("public_key", SolverKey.generateThrowaway().publicKey());
        assertFalse(QuoteResponse.verify(otherKey.toString()).signatureValid(), "someone else's key");

        ObjectNode otherNonce = (ObjectNode) JSON.readTree(request);
        ((ObjectNode) otherNonce.path("params").path(0).path("signed_data").path("payload"))
                .put(
                        "nonce",
                        VersionedNonce.toBase64(VersionedNonce.derive(
                                "00000000000000000000000000c002", new byte[] {1, 2, 3, 4}, DEADLINE)));
        assertFalse(QuoteResponse.verify(otherNonce.toString()).signatureValid(), "nonce changed");
    }

    @Test
    void quoteHashIsTheBase58DigestOfTheSignedData() throws Exception {
        String request = exactIn();
        JsonNode signed = JSON.readTree(request).path("params").path(0).path("signed_data");
        assertEquals(QuoteResponse.quoteHash(request), QuoteHash.of(signed));
        assertEquals(32, Base58.decode(QuoteHash.of(signed)).length);
    }

    @Test
    void theDocumentationsQuoteResponseVerifies() throws Exception {
        QuoteResponse.VerifiedQuote quote = QuoteResponse.verify(Nep413Test.fixture("ws_quote_response.json"));
        assertTrue(quote.signatureValid());
        assertEquals("solver.near", quote.signerId());
        assertEquals("300", quote.amountOut());
        assertEquals(Map.of("nep141:ft2.near", "-300", "nep141:ft1.near", "500"), quote.diff());
        assertEquals(Instant.parse("2024-10-14T12:53:40Z"), quote.deadline());
    }

    @Test
    void unreadableResponsesAreRefusedWithTheReason() {
        IllegalArgumentException notJson =
                assertThrows(IllegalArgumentException.class, () -> QuoteResponse.verify("{"));
        assertTrue(notJson.getMessage().contains("JSON"));
        IllegalArgumentException shortNonce = assertThrows(
                IllegalArgumentException.class,
                () -> QuoteResponse.verify(exactIn().replace(VersionedNonce.toBase64(NONCE), "AAAA")));
        assertTrue(shortNonce.getMessage().contains("nonce"), shortNonce.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> QuoteResponse.verify(exactIn().replace("nep413", "erc191")));
        assertThrows(
                IllegalArgumentException.class,
                () -> QuoteResponse.request(1, "q", WNEAR, USDT, "-5", "1", true, "s", DEADLINE, NONCE, KEY));
        assertThrows(
                IllegalArgumentException.class,
                () -> QuoteResponse.request(1, "q", WNEAR, USDT, "1.5", "1", true, "s", DEADLINE, NONCE, KEY));
    }
}
