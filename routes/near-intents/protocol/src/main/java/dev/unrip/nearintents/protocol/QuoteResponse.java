package dev.unrip.nearintents.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The solver's answer to a quote request: the JSON-RPC {@code quote_response} carrying a NEP-413
 * signed {@code token_diff} intent, and the reading of one back (for the relay side).
 */
public final class QuoteResponse {

    public static final String METHOD = "quote_response";
    public static final String RECIPIENT = "intents.near";
    public static final String STANDARD = "nep413";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter DEADLINE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern AMOUNT = Pattern.compile("0|[1-9][0-9]*");

    /**
     * A quote_response as read back. {@code amountIn}/{@code amountOut} are the {@code quote_output}
     * (exactly one is set); {@code diff} is the token_diff of the signed message (asset → signed
     * amount); {@code signatureValid} says whether the NEP-413 signature holds for {@code publicKey}.
     */
    public record VerifiedQuote(
            JsonNode rpcId,
            String quoteId,
            String amountIn,
            String amountOut,
            String signerId,
            Instant deadline,
            Map<String, String> diff,
            byte[] nonce,
            String recipient,
            String publicKey,
            String signature,
            String quoteHash,
            boolean signatureValid) {}

    private QuoteResponse() {}

    /**
     * The signed message: {@code {"signer_id","deadline","intents":[{"intent":"token_diff","diff":{
     * assetIn: "amountIn", assetOut: "-amountOut"}}]}}. The solver receives what the user gives
     * (asset in, positive) and gives asset out (negative). The deadline is written with milliseconds.
     */
    public static String message(
            String signerId, Instant deadline, String assetIn, String amountIn, String assetOut, String amountOut) {
        if (assetIn.equals(assetOut)) {
            throw new IllegalArgumentException("asset in and asset out are the same: " + assetIn);
        }
        ObjectNode message = JSON.createObjectNode();
        message.put("signer_id", signerId);
        message.put("deadline", formatDeadline(deadline));
        ObjectNode intent = message.putArray("intents").addObject();
        intent.put("intent", "token_diff");
        ObjectNode diff = intent.putObject("diff");
        diff.put(assetIn, amount("amount_in", amountIn));
        diff.put(assetOut, "-" + amount("amount_out", amountOut));
        return write(message);
    }

    /** {@code {"standard":"nep413","payload":{message,nonce,recipient},"signature","public_key"}} */
    public static ObjectNode signedData(String message, byte[] nonce32, SolverKey key) {
        ObjectNode signed = JSON.createObjectNode();
        signed.put("standard", STANDARD);
        ObjectNode payload = signed.putObject("payload");
        payload.put("message", message);
        payload.put("nonce", VersionedNonce.toBase64(nonce32));
        payload.put("recipient", RECIPIENT);
        signed.put("signature", Nep413.sign(key, message, nonce32, RECIPIENT, null));
        signed.put("public_key", key.publicKey());
        return signed;
    }

    /**
     * The JSON-RPC request {@code {"jsonrpc":"2.0","id":rpcId,"method":"quote_response","params":[{
     * "quote_id","quote_output":{"amount_out"|"amount_in"},"signed_data"}]}}. {@code quote_output}
     * carries the amount the solver chose: amount_out for an exact-in request, amount_in otherwise.
     */
    public static String request(
            long rpcId,
            String quoteId,
            String assetIn,
            String assetOut,
            String amountIn,
            String amountOut,
            boolean exactIn,
            String signerId,
            Instant deadline,
            byte[] nonce32,
            SolverKey key) {
        String message = message(signerId, deadline, assetIn, amountIn, assetOut, amountOut);
        ObjectNode rpc = JSON.createObjectNode();
        rpc.put("jsonrpc", "2.0");
        rpc.put("id", rpcId);
        rpc.put("method", METHOD);
        ObjectNode quote = rpc.putArray("params").addObject();
        quote.put("quote_id", quoteId);
        quote.putObject("quote_output").put(exactIn ? "amount_out" : "amount_in", exactIn ? amountOut : amountIn);
        quote.set("signed_data", signedData(message, nonce32, key));
        return write(rpc);
    }

    /** The quote hash of a quote_response request (see {@link QuoteHash}). */
    public static String quoteHash(String quoteResponseRequest) {
        // The digest of what is signed; the signature is not checked (the signer's own request: an
        // Ed25519 verification costs more than the signature did).
        return read(parse(quoteResponseRequest), false).quoteHash();
    }

    /**
     * Reads a quote_response request back and checks its signature.
     *
     * @throws IllegalArgumentException when it is not a readable quote_response (missing field,
     *                                  bad nonce, not nep413, unreadable message or deadline)
     */
    public static VerifiedQuote verify(String quoteResponseRequest) {
        return verify(parse(quoteResponseRequest));
    }

    /** As {@link #verify(String)}, for an already parsed request. */
    public static VerifiedQuote verify(JsonNode request) {
        return read(request, true);
    }

    private static JsonNode parse(String quoteResponseRequest) {
        try {
            return JSON.readTree(quoteResponseRequest);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a quote_response is JSON: " + e.getOriginalMessage());
        }
    }

    private static VerifiedQuote read(JsonNode request, boolean checkSignature) {
        JsonNode quote = request.path("params").path(0);
        if (!quote.isObject()) {
            throw new IllegalArgumentException("params is not a one-element array holding the quote");
        }
        JsonNode signed = quote.path("signed_data");
        if (!STANDARD.equals(signed.path("standard").asText())) {
            throw new IllegalArgumentException("signed_data.standard is not nep413");
        }
        JsonNode payload = signed.path("payload");
        String message = text(payload, "message");
        String recipient = text(payload, "recipient");
        JsonNode callbackUrl = payload.path("callback_url");
        byte[] nonce;
        try {
            nonce = VersionedNonce.fromBase64(text(payload, "nonce"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("payload.nonce: " + e.getMessage());
        }
        byte[] digest = Nep413.digest(message, nonce, recipient, callbackUrl.isTextual() ? callbackUrl.asText() : null);
        String publicKey = text(signed, "public_key");
        String signature = text(signed, "signature");

        JsonNode signedMessage;
        try {
            signedMessage = JSON.readTree(message);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("payload.message is not JSON");
        }
        Instant deadline;
        try {
            deadline = Instant.parse(text(signedMessage, "deadline"));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("message.deadline is not an ISO-8601 instant");
        }
        Map<String, String> diff = new LinkedHashMap<>();
        for (JsonNode intent : signedMessage.path("intents")) {
            if ("token_diff".equals(intent.path("intent").asText())) {
                intent.path("diff")
                        .fields()
                        .forEachRemaining(e -> diff.put(e.getKey(), e.getValue().asText()));
            }
        }
        JsonNode output = quote.path("quote_output");
        return new VerifiedQuote(
                request.path("id"),
                text(quote, "quote_id"),
                output.path("amount_in").isTextual() ? output.path("amount_in").asText() : null,
                output.path("amount_out").isTextual()
                        ? output.path("amount_out").asText()
                        : null,
                signedMessage.path("signer_id").asText(null),
                deadline,
                Collections.unmodifiableMap(diff),
                nonce,
                recipient,
                publicKey,
                signature,
                Base58.encode(digest),
                checkSignature && Nep413.verify(publicKey, signature, digest));
    }

    public static String formatDeadline(Instant deadline) {
        return DEADLINE.format(deadline.truncatedTo(ChronoUnit.MILLIS));
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (!value.isTextual()) {
            throw new IllegalArgumentException(field + " is missing or not a string");
        }
        return value.asText();
    }

    private static String amount(String name, String amount) {
        if (amount == null || !AMOUNT.matcher(amount).matches()) {
            throw new IllegalArgumentException(name + " is not a non-negative integer in the smallest unit: " + amount);
        }
        return amount;
    }

    private static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
