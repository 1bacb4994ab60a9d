package dev.unrip.relaysim;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The quote requests the relay pushed, by quote_id, for sim.quote-ttl-ms: when, and what was asked
 * (the pair and the exact amount), since a quote_response is judged against the request it
 * answers (its token_diff, the answer window). Requests sent raw through POST /control/frames
 * count too; their fields may be missing, and then the checks that need them are skipped.
 */
@ApplicationScoped
public class PushedQuotes {

    /** One pushed request; the assets and amounts are null when the frame did not carry them. */
    public record Pushed(long pushedAt, String assetIn, String assetOut, String exactAmountIn, String exactAmountOut) {}

    @Inject
    SimulatorConfig config;

    private final Map<String, Pushed> byQuoteId = new ConcurrentHashMap<>();

    /** Remembers a pushed request; {@code data} is its payload (quote_id, assets, exact amount). */
    public void pushed(String quoteId, JsonNode data) {
        byQuoteId.put(
                quoteId,
                new Pushed(
                        System.currentTimeMillis(),
                        text(data, "defuse_asset_identifier_in"),
                        text(data, "defuse_asset_identifier_out"),
                        text(data, "exact_amount_in"),
                        text(data, "exact_amount_out")));
    }

    public Pushed get(String quoteId) {
        return quoteId == null ? null : byQuoteId.get(quoteId);
    }

    public boolean wasPushed(String quoteId) {
        return get(quoteId) != null;
    }

    /** Forgets requests older than sim.quote-ttl-ms; called now and then. */
    public void forgetOld() {
        long cutoff = System.currentTimeMillis() - config.quoteTtlMs();
        byQuoteId.values().removeIf(p -> p.pushedAt() < cutoff);
    }

    private static String text(JsonNode data, String field) {
        JsonNode value = data == null ? null : data.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
