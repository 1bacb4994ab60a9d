package dev.unrip.relaysim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unrip.nearintents.protocol.QuoteResponse.VerifiedQuote;
import dev.unrip.nearintents.protocol.VersionedNonce;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * How the relay judges a readable quote_response, in order: the signature, the nonce's salt (a
 * valid salt of the contract), the signed token_diff against the request it answers (the venue's
 * quote consumers drop a quote that differs), the answer window, then a known quote_id and a
 * deadline in the future. A reused nonce is not a reason: the relay takes several quotes with one
 * nonce, and the contract refuses the second at settlement ({@link Chain}).
 */
@ApplicationScoped
public class QuoteChecks {

    /** The outcome, the error message the solver gets, and its JSON-RPC code. */
    public record Verdict(Ledger.Outcome outcome, String message, int code) {
        static final Verdict OK = new Verdict(Ledger.Outcome.OK, null, 0);

        static Verdict rejected(Ledger.Outcome outcome, String message) {
            return new Verdict(outcome, message, outcome == Ledger.Outcome.WINDOW_CLOSED ? -32098 : -32000);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    SimulatorConfig config;

    @Inject
    Salts salts;

    @Inject
    PushedQuotes pushed;

    public Verdict judge(VerifiedQuote quote, JsonNode request, Instant now) {
        if (!quote.signatureValid()) {
            return Verdict.rejected(Ledger.Outcome.BAD_SIGNATURE, Ledger.Outcome.BAD_SIGNATURE.message);
        }
        // A legacy (non-versioned) nonce is taken: the venue is prohibiting them, but does not refuse them yet.
        if (config.checkSalt() && VersionedNonce.isV1(quote.nonce())) {
            String salt =
                    HexFormat.of().formatHex(VersionedNonce.parse(quote.nonce()).salt());
            if (!salts.isValid(salt)) {
                return Verdict.rejected(
                        Ledger.Outcome.INVALID_SALT,
                        "invalid salt: the nonce's salt " + salt + " is not a valid salt of " + config.contractId());
            }
        }
        PushedQuotes.Pushed asked = pushed.get(quote.quoteId());
        if (asked != null) {
            String mismatch = tokenDiffMismatch(request, asked);
            if (mismatch != null) {
                return Verdict.rejected(
                        Ledger.Outcome.TOKEN_DIFF_MISMATCH, "token_diff does not match the quote request: " + mismatch);
            }
            if (config.quoteWindowMs() > 0 && now.toEpochMilli() - asked.pushedAt() > config.quoteWindowMs()) {
                return Verdict.rejected(
                        Ledger.Outcome.WINDOW_CLOSED,
                        "quote window closed: the relay stopped collecting answers for this quote");
            }
        } else {
            return Verdict.rejected(Ledger.Outcome.UNKNOWN_QUOTE, Ledger.Outcome.UNKNOWN_QUOTE.message);
        }
        if (!quote.deadline().isAfter(now)) {
            return Verdict.rejected(Ledger.Outcome.EXPIRED, Ledger.Outcome.EXPIRED.message);
        }
        return Verdict.OK;
    }

    /**
     * What differs between the signed message's token_diff and the request; null when it matches.
     * Exact in: the solver receives exactly {@code +exact_amount_in} of asset in and pays some asset
     * out. Exact out: it pays exactly {@code -exact_amount_out} and receives some asset in.
     */
    static String tokenDiffMismatch(JsonNode request, PushedQuotes.Pushed asked) {
        if (asked.assetIn() == null || asked.assetOut() == null) {
            return null; // a crafted frame without a pair: nothing to compare with
        }
        JsonNode message;
        try {
            message = JSON.readTree(request.path("params")
                    .path(0)
                    .path("signed_data")
                    .path("payload")
                    .path("message")
                    .asText());
        } catch (JsonProcessingException e) {
            return "the message is not JSON";
        }
        List<JsonNode> diffs = new ArrayList<>();
        message.path("intents").forEach(i -> {
            if ("token_diff".equals(i.path("intent").asText())) {
                diffs.add(i.path("diff"));
            }
        });
        if (diffs.size() != 1) {
            return "the message has " + diffs.size() + " token_diff intents, not one";
        }
        JsonNode diff = diffs.get(0);
        Set<String> assets = new TreeSet<>();
        diff.fieldNames().forEachRemaining(assets::add);
        if (!assets.equals(new TreeSet<>(Set.of(asked.assetIn(), asked.assetOut())))) {
            return "its assets are " + assets + ", the request's " + asked.assetIn() + " and " + asked.assetOut();
        }
        BigInteger in = amount(diff.get(asked.assetIn()));
        BigInteger out = amount(diff.get(asked.assetOut()));
        if (in == null || out == null) {
            return "an amount is not a decimal integer: " + diff;
        }
        if (asked.exactAmountIn() != null) {
            BigInteger exact = amount(asked.exactAmountIn());
            if (!in.equals(exact)) {
                return asked.assetIn() + " is " + in + ", not +" + asked.exactAmountIn() + " (exact_amount_in)";
            }
            return out.signum() < 0 ? null : asked.assetOut() + " is " + out + ", not negative (the solver pays it)";
        }
        if (asked.exactAmountOut() != null) {
            BigInteger exact = amount(asked.exactAmountOut());
            if (exact == null || !out.equals(exact.negate())) {
                return asked.assetOut() + " is " + out + ", not -" + asked.exactAmountOut() + " (exact_amount_out)";
            }
            return in.signum() > 0 ? null : asked.assetIn() + " is " + in + ", not positive (the solver receives it)";
        }
        return null;
    }

    /** A signed decimal integer ({@code "+5"}, {@code "5"}, {@code "-5"}); null when it is none. */
    static BigInteger amount(Object value) {
        String text = value instanceof JsonNode node ? (node.isTextual() ? node.asText() : null) : (String) value;
        if (text == null || !text.matches("[+-]?[0-9]+")) {
            return null;
        }
        return new BigInteger(text); // a leading '+' is allowed
    }

    /** The signed token_diff of an accepted quote, for settlement (entries that are no integer are left out). */
    static Map<String, BigInteger> diff(VerifiedQuote quote) {
        Map<String, BigInteger> out = new LinkedHashMap<>();
        quote.diff().forEach((asset, text) -> {
            BigInteger amount = amount(text);
            if (amount != null) {
                out.put(asset, amount);
            }
        });
        return out;
    }
}
