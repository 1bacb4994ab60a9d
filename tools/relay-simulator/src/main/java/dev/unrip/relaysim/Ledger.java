package dev.unrip.relaysim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unrip.nearintents.protocol.QuoteResponse.VerifiedQuote;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The relay's memory: every quote_response it received and how it was judged ({@link QuoteChecks}),
 * the quotes it accepted, and per (nonce, public key) how often it was answered, accepted and
 * whether it settled. Also the counters behind GET /control/stats. Which nonces are used on chain
 * is {@link Chain}'s: the relay never refuses a nonce.
 */
@ApplicationScoped
public class Ledger {

    /** How a quote_response was judged; {@link #OK} is the only acceptance. */
    public enum Outcome {
        OK("OK"),
        MALFORMED("malformed quote_response"),
        BAD_SIGNATURE("invalid signature"),
        INVALID_SALT("invalid salt"),
        TOKEN_DIFF_MISMATCH("token_diff does not match the quote request"),
        WINDOW_CLOSED("quote window closed"),
        UNKNOWN_QUOTE("unknown quote_id"),
        EXPIRED("deadline passed");

        final String message;

        Outcome(String message) {
            this.message = message;
        }

        String code() {
            return this == OK ? "OK" : name().toLowerCase();
        }
    }

    /** One received quote_response. Nonce fields are null when it could not be read. */
    record Received(
            String quoteId,
            String nonceHex,
            String nonceBase64,
            String publicKey,
            boolean signatureValid,
            Outcome outcome,
            String detail,
            String quoteHash,
            Instant receivedAt,
            boolean answered) {}

    /** A quote that was accepted: what quote_status and settlement refer to. */
    record Accepted(
            String quoteId,
            String quoteHash,
            String publicKey,
            String nonceHex,
            String signerId,
            Map<String, BigInteger> diff,
            Instant acceptedAt) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    @Inject
    SimulatorConfig config;

    @Inject
    PushedQuotes pushed;

    private final Deque<Received> received = new ArrayDeque<>();
    private final NonceBook nonces = new NonceBook();
    private final Map<String, Accepted> acceptedByQuote = new HashMap<>();
    private final Map<String, ObjectNode> settledByQuote = new HashMap<>();
    private final Map<String, Long> counters = new LinkedHashMap<>();
    private long recordsDropped;

    // Responses

    /** Records a readable quote_response as judged; {@code answered} false: the answer is lost (silence). */
    public synchronized Received record(
            VerifiedQuote quote, QuoteChecks.Verdict verdict, Instant now, boolean answered) {
        String nonceHex = HEX.formatHex(quote.nonce());
        Outcome outcome = verdict.outcome();
        Received r = new Received(
                quote.quoteId(),
                nonceHex,
                Base64.getEncoder().encodeToString(quote.nonce()),
                quote.publicKey(),
                quote.signatureValid(),
                outcome,
                verdict.message(),
                quote.quoteHash(),
                now,
                answered);
        nonces.answered(r);
        if (outcome == Outcome.OK) {
            acceptedByQuote.putIfAbsent(
                    quote.quoteId(),
                    new Accepted(
                            quote.quoteId(),
                            quote.quoteHash(),
                            quote.publicKey(),
                            nonceHex,
                            quote.signerId() == null ? quote.publicKey() : quote.signerId(),
                            QuoteChecks.diff(quote),
                            now));
        }
        add(r);
        return r;
    }

    /** Records a quote_response that could not be read. */
    public synchronized Received malformed(String quoteId, String detail, Instant now, boolean answered) {
        Received r = new Received(quoteId, null, null, null, false, Outcome.MALFORMED, detail, null, now, answered);
        add(r);
        return r;
    }

    private void add(Received r) {
        count("responses_received");
        count(
                r.outcome() == Outcome.OK
                        ? "responses_accepted"
                        : "rejected_" + r.outcome().name().toLowerCase());
        if (!r.answered()) {
            count("answers_lost");
        }
        received.addLast(r);
        while (received.size() > config.maxRecords()) {
            received.pollFirst();
            recordsDropped++;
        }
    }

    // Settlement

    public synchronized Optional<Accepted> accepted(String quoteId) {
        return Optional.ofNullable(acceptedByQuote.get(quoteId));
    }

    /** The accepted quote settled on chain (its nonce is now used) and its quote_status was pushed. */
    public synchronized void settled(Accepted accepted, ObjectNode status) {
        settledByQuote.put(accepted.quoteId(), status);
        nonces.settled(accepted);
        count("quote_statuses_pushed");
    }

    // Counters

    public synchronized void count(String name) {
        counters.merge(name, 1L, Long::sum);
    }

    public synchronized void count(String name, long n) {
        counters.merge(name, n, Long::sum);
    }

    public synchronized long counter(String name) {
        return counters.getOrDefault(name, 0L);
    }

    /** Clears counters and records; the pushed quote_ids are kept, so answers in flight still count. */
    public synchronized void reset() {
        counters.clear();
        received.clear();
        nonces.clear();
        acceptedByQuote.clear();
        settledByQuote.clear();
        recordsDropped = 0;
    }

    // Views for the control API

    public synchronized ObjectNode stats() {
        ObjectNode stats = JSON.createObjectNode();
        stats.put("connects_total", counter("connects_total"));
        stats.put("auth_rejected", counter("auth_rejected"));
        stats.put("quotes_pushed", counter("quotes_pushed"));
        stats.put("quote_frames_sent", counter("quote_frames_sent"));
        stats.put("quote_statuses_pushed", counter("quote_statuses_pushed"));
        stats.put("frames_suppressed_silent", counter("frames_suppressed_silent"));
        stats.put("responses_received", counter("responses_received"));
        stats.put("responses_accepted", counter("responses_accepted"));
        ObjectNode rejected = stats.putObject("rejected");
        for (Outcome o : Outcome.values()) {
            if (o != Outcome.OK) {
                rejected.put(
                        o.name().toLowerCase(), counter("rejected_" + o.name().toLowerCase()));
            }
        }
        // No longer counted (the relay takes a reused nonce; the contract refuses it at settlement): kept for callers.
        rejected.put("nonce_reused", 0);
        stats.put("settlements_failed_nonce_used", counter("settlements_failed_nonce_used"));
        stats.put("answers_lost", counter("answers_lost"));
        stats.put("max_responses_per_nonce", nonces.maxResponsesPerNonce());
        stats.put("records_dropped", recordsDropped);
        // Flat names kept for existing callers (the trading loop test).
        rejected.fields().forEachRemaining(e -> stats.set("rejected_" + e.getKey(), e.getValue()));
        return stats;
    }

    public synchronized ArrayNode responses() {
        ArrayNode out = JSON.createArrayNode();
        received.forEach(r -> out.add(toJson(r)));
        return out;
    }

    /** See {@link NonceBook#view}: {@code accepted} by the relay, {@code used} (settled) on chain. */
    public synchronized ObjectNode nonce(byte[] nonce, String publicKey) {
        return nonces.view(nonce, publicKey);
    }

    public synchronized ObjectNode quoteStatus(String quoteId) {
        ObjectNode out = JSON.createObjectNode();
        out.put("quote_id", quoteId);
        out.put("pushed", pushed.wasPushed(quoteId));
        long responses =
                received.stream().filter(r -> quoteId.equals(r.quoteId())).count();
        out.put("responses", responses);
        Accepted accepted = acceptedByQuote.get(quoteId);
        out.put("accepted", accepted != null);
        out.put("quote_hash", accepted == null ? null : accepted.quoteHash());
        out.put("public_key", accepted == null ? null : accepted.publicKey());
        out.put("nonce_hex", accepted == null ? null : accepted.nonceHex());
        ObjectNode settled = settledByQuote.get(quoteId);
        out.put("settled", settled != null);
        out.put(
                "intent_hash",
                settled == null ? null : settled.path("intent_hash").asText());
        out.put("tx_hash", settled == null ? null : settled.path("tx_hash").asText());
        return out;
    }

    static ObjectNode toJson(Received r) {
        ObjectNode out = JSON.createObjectNode();
        out.put("quote_id", r.quoteId());
        out.put("nonce", r.nonceBase64());
        out.put("nonce_hex", r.nonceHex());
        out.put("public_key", r.publicKey());
        out.put("signature_valid", r.signatureValid());
        out.put("outcome", r.outcome().code());
        out.put("error", r.detail());
        out.put("quote_hash", r.quoteHash());
        out.put("received_at", r.receivedAt().toString());
        out.put("answered", r.answered());
        return out;
    }
}
