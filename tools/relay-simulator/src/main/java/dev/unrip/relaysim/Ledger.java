package dev.unrip.relaysim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unrip.nearintents.protocol.QuoteResponse.VerifiedQuote;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The relay's memory: the quote_ids it pushed, every quote_response it received and how it was
 * judged, and the nonces each signer has used (a nonce is accepted once per public key, as the
 * intents contract does). Also the counters behind GET /control/stats.
 */
@ApplicationScoped
public class Ledger {

    /** How a quote_response was judged; {@link #OK} is the only acceptance. */
    public enum Outcome {
        OK("OK"),
        MALFORMED("malformed quote_response"),
        BAD_SIGNATURE("invalid signature"),
        NONCE_REUSED("nonce already used"),
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

    /** What one signer did with one nonce. */
    private static final class NonceUse {
        int count;
        String firstQuoteId;
        Received accepted;
        Received last;
    }

    /** A quote that was accepted: what quote_status refers to. */
    record Accepted(String quoteId, String quoteHash, String publicKey, String nonceHex, Instant acceptedAt) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    @Inject
    SimulatorConfig config;

    private final Map<String, Long> pushedQuotes = new ConcurrentHashMap<>(); // quote_id → pushed at (epoch ms)
    private final Deque<Received> received = new ArrayDeque<>();
    private final Map<String, Map<String, NonceUse>> nonces = new HashMap<>(); // nonce hex → public key → use
    private final Map<String, Accepted> acceptedByQuote = new HashMap<>();
    private final Map<String, ObjectNode> settledByQuote = new HashMap<>();
    private final Map<String, Long> counters = new LinkedHashMap<>();
    private int maxResponsesPerNonce;
    private long recordsDropped;

    // Quotes

    public void quotePushed(String quoteId) {
        pushedQuotes.put(quoteId, System.currentTimeMillis());
    }

    public boolean wasPushed(String quoteId) {
        return quoteId != null && pushedQuotes.containsKey(quoteId);
    }

    /** Forgets quote_ids older than sim.quote-ttl-ms; called now and then. */
    public void forgetOldQuotes() {
        long cutoff = System.currentTimeMillis() - config.quoteTtlMs();
        pushedQuotes.values().removeIf(pushedAt -> pushedAt < cutoff);
    }

    // Responses

    /** Judges a readable quote_response and records it; {@code answered} false: the answer is lost (silence). */
    public synchronized Received judge(VerifiedQuote quote, Instant now, boolean answered) {
        String nonceHex = HEX.formatHex(quote.nonce());
        NonceUse use = nonces.computeIfAbsent(nonceHex, k -> new HashMap<>())
                .computeIfAbsent(quote.publicKey(), k -> new NonceUse());
        Outcome outcome;
        if (!quote.signatureValid()) {
            outcome = Outcome.BAD_SIGNATURE;
        } else if (use.accepted != null) {
            outcome = Outcome.NONCE_REUSED;
        } else if (!wasPushed(quote.quoteId())) {
            outcome = Outcome.UNKNOWN_QUOTE;
        } else if (!quote.deadline().isAfter(now)) {
            outcome = Outcome.EXPIRED;
        } else {
            outcome = Outcome.OK;
        }
        Received r = new Received(
                quote.quoteId(),
                nonceHex,
                Base64.getEncoder().encodeToString(quote.nonce()),
                quote.publicKey(),
                quote.signatureValid(),
                outcome,
                outcome == Outcome.OK ? null : outcome.message,
                quote.quoteHash(),
                now,
                answered);
        use.count++;
        if (use.firstQuoteId == null) {
            use.firstQuoteId = quote.quoteId();
        }
        use.last = r;
        maxResponsesPerNonce = Math.max(maxResponsesPerNonce, use.count);
        if (outcome == Outcome.OK) {
            use.accepted = r;
            acceptedByQuote.putIfAbsent(
                    quote.quoteId(),
                    new Accepted(quote.quoteId(), quote.quoteHash(), quote.publicKey(), nonceHex, now));
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

    public synchronized void settled(String quoteId, ObjectNode status) {
        settledByQuote.put(quoteId, status);
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
        maxResponsesPerNonce = 0;
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
        stats.put("answers_lost", counter("answers_lost"));
        stats.put("max_responses_per_nonce", maxResponsesPerNonce);
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

    /** Was this nonce used (accepted) — by this public key, or by anyone when it is null. */
    public synchronized ObjectNode nonce(byte[] nonce, String publicKey) {
        String nonceHex = HEX.formatHex(nonce);
        ObjectNode out = JSON.createObjectNode();
        out.put("nonce_hex", nonceHex);
        out.put("nonce_base64", Base64.getEncoder().encodeToString(nonce));
        int count = 0;
        Received accepted = null;
        Received last = null;
        String firstQuoteId = null;
        for (Map.Entry<String, NonceUse> e :
                nonces.getOrDefault(nonceHex, Map.of()).entrySet()) {
            if (publicKey != null && !publicKey.equals(e.getKey())) {
                continue;
            }
            NonceUse use = e.getValue();
            count += use.count;
            accepted = accepted == null ? use.accepted : accepted;
            firstQuoteId = firstQuoteId == null ? use.firstQuoteId : firstQuoteId;
            last = last == null || use.last.receivedAt().isAfter(last.receivedAt()) ? use.last : last;
        }
        out.put("used", accepted != null);
        out.put("count", count);
        out.put("quote_id", accepted != null ? accepted.quoteId() : firstQuoteId);
        out.put(
                "outcome",
                accepted != null
                        ? accepted.outcome().code()
                        : last == null ? null : last.outcome().code());
        out.put("public_key", accepted != null ? accepted.publicKey() : last == null ? null : last.publicKey());
        return out;
    }

    public synchronized ObjectNode quoteStatus(String quoteId) {
        ObjectNode out = JSON.createObjectNode();
        out.put("quote_id", quoteId);
        out.put("pushed", wasPushed(quoteId));
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
