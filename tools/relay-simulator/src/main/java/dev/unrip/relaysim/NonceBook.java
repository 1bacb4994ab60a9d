package dev.unrip.relaysim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * Per (nonce, public key): how many responses carried it, which were accepted (several quotes may
 * share a nonce) and which one settled. The evidence behind {@code max_responses_per_nonce} (1:
 * no command reached the venue twice) and GET /control/nonces. Not thread-safe: {@link Ledger}
 * holds it under its lock.
 */
final class NonceBook {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What one signer did with one nonce: answered, accepted (maybe several quotes), settled (once). */
    private static final class NonceUse {
        int count;
        int acceptedCount;
        String firstQuoteId;
        Ledger.Received accepted;
        Ledger.Received last;
        String settledQuoteId;
        String settledBy;
    }

    private final Map<String, Map<String, NonceUse>> nonces = new HashMap<>(); // nonce hex → public key → use
    private int maxResponsesPerNonce;

    void answered(Ledger.Received r) {
        NonceUse use = nonces.computeIfAbsent(r.nonceHex(), k -> new HashMap<>())
                .computeIfAbsent(r.publicKey(), k -> new NonceUse());
        use.count++;
        if (use.firstQuoteId == null) {
            use.firstQuoteId = r.quoteId();
        }
        use.last = r;
        maxResponsesPerNonce = Math.max(maxResponsesPerNonce, use.count);
        if (r.outcome() == Ledger.Outcome.OK) {
            use.acceptedCount++;
            use.accepted = use.accepted == null ? r : use.accepted;
        }
    }

    void settled(Ledger.Accepted accepted) {
        NonceUse use = nonces.getOrDefault(accepted.nonceHex(), Map.of()).get(accepted.publicKey());
        if (use != null && use.settledQuoteId == null) {
            use.settledQuoteId = accepted.quoteId();
            use.settledBy = accepted.signerId();
        }
    }

    int maxResponsesPerNonce() {
        return maxResponsesPerNonce;
    }

    void clear() {
        nonces.clear();
        maxResponsesPerNonce = 0;
    }

    /**
     * What became of this nonce — with this public key, or any when it is null: {@code accepted}
     * (the relay took a quote carrying it), {@code used} (an intent carrying it settled on chain).
     */
    ObjectNode view(byte[] nonce, String publicKey) {
        String nonceHex = HexFormat.of().formatHex(nonce);
        ObjectNode out = JSON.createObjectNode();
        out.put("nonce_hex", nonceHex);
        out.put("nonce_base64", Base64.getEncoder().encodeToString(nonce));
        int count = 0;
        int acceptedCount = 0;
        Ledger.Received accepted = null;
        Ledger.Received last = null;
        String firstQuoteId = null;
        NonceUse settled = null;
        for (Map.Entry<String, NonceUse> e :
                nonces.getOrDefault(nonceHex, Map.of()).entrySet()) {
            if (publicKey != null && !publicKey.equals(e.getKey())) {
                continue;
            }
            NonceUse use = e.getValue();
            count += use.count;
            acceptedCount += use.acceptedCount;
            accepted = accepted == null ? use.accepted : accepted;
            firstQuoteId = firstQuoteId == null ? use.firstQuoteId : firstQuoteId;
            last = last == null || use.last.receivedAt().isAfter(last.receivedAt()) ? use.last : last;
            settled = settled == null && use.settledQuoteId != null ? use : settled;
        }
        out.put("accepted", accepted != null);
        out.put("used", settled != null);
        out.put("count", count);
        out.put("accepted_count", acceptedCount);
        out.put("quote_id", accepted != null ? accepted.quoteId() : firstQuoteId);
        out.put(
                "outcome",
                accepted != null
                        ? accepted.outcome().code()
                        : last == null ? null : last.outcome().code());
        out.put("public_key", accepted != null ? accepted.publicKey() : last == null ? null : last.publicKey());
        out.put("settled_quote_id", settled == null ? null : settled.settledQuoteId);
        out.put("used_by", settled == null ? null : settled.settledBy);
        return out;
    }
}
