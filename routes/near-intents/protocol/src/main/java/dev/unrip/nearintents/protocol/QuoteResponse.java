package dev.unrip.nearintents.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

/** The solver's answer to a quote request: a JSON-RPC {@code quote_response} with a NEP-413 signed quote. */
public final class QuoteResponse {

    public static final String RECIPIENT = "intents.near";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** What a relay learns from a quote_response after checking it. */
    public record VerifiedQuote(String quoteId, String publicKey, byte[] nonce, String quoteHash, boolean signatureValid, Instant deadline) {
    }

    private QuoteResponse() {
    }

    public static String request(long rpcId, String quoteId, String assetIn, String assetOut, String amountIn, String amountOut,
                                 boolean exactIn, String signerId, Instant deadline, byte[] nonce, SolverKey key) {
        try {
            ObjectNode message = JSON.createObjectNode();
            message.put("signer_id", signerId);
            message.put("deadline", ISO.format(deadline.truncatedTo(ChronoUnit.MILLIS)));
            ObjectNode diff = JSON.createObjectNode();
            diff.put(assetIn, amountIn);
            diff.put(assetOut, "-" + amountOut);
            ObjectNode intent = JSON.createObjectNode();
            intent.put("intent", "token_diff");
            intent.set("diff", diff);
            message.putArray("intents").add(intent);
            String messageText = JSON.writeValueAsString(message);

            ObjectNode payload = JSON.createObjectNode();
            payload.put("message", messageText);
            payload.put("nonce", Base64.getEncoder().encodeToString(nonce));
            payload.put("recipient", RECIPIENT);
            ObjectNode signed = JSON.createObjectNode();
            signed.put("standard", "nep413");
            signed.set("payload", payload);
            signed.put("signature", key.sign(Nep413.digest(messageText, nonce, RECIPIENT, null)));
            signed.put("public_key", key.publicKey());

            ObjectNode quote = JSON.createObjectNode();
            quote.put("quote_id", quoteId);
            quote.putObject("quote_output").put(exactIn ? "amount_out" : "amount_in", exactIn ? amountOut : amountIn);
            quote.set("signed_data", signed);
            ObjectNode rpc = JSON.createObjectNode();
            rpc.put("jsonrpc", "2.0");
            rpc.put("id", rpcId);
            rpc.put("method", "quote_response");
            ArrayNode params = rpc.putArray("params");
            params.add(quote);
            return JSON.writeValueAsString(rpc);
        } catch (Exception e) {
            throw new IllegalStateException("cannot build a quote_response", e);
        }
    }

    /** base58 of the NEP-413 digest of the signed quote: how quote_status refers to it. */
    public static String quoteHash(String quoteResponseRequest) {
        return verify(quoteResponseRequest).quoteHash();
    }

    public static VerifiedQuote verify(String quoteResponseRequest) {
        try {
            JsonNode quote = JSON.readTree(quoteResponseRequest).path("params").path(0);
            JsonNode signed = quote.path("signed_data");
            JsonNode payload = signed.path("payload");
            String message = payload.path("message").asText();
            byte[] nonce = Base64.getDecoder().decode(payload.path("nonce").asText());
            byte[] digest = Nep413.digest(message, nonce, payload.path("recipient").asText(), null);
            String publicKey = signed.path("public_key").asText();
            boolean valid = Nep413.verify(publicKey, signed.path("signature").asText(), digest);
            Instant deadline = Instant.parse(JSON.readTree(message).path("deadline").asText());
            return new VerifiedQuote(quote.path("quote_id").asText(), publicKey, nonce, Base58.encode(digest), valid, deadline);
        } catch (Exception e) {
            throw new IllegalArgumentException("not a readable quote_response: " + e.getMessage(), e);
        }
    }
}
