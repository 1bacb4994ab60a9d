package dev.unrip.mapping.reactor;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One reference market's book for an instrument (base in the quote currency, e.g. NEARUSDT), as
 * the latest norm.order_book.v1 event says it, and the walks the pricing does over its sides: what
 * selling or buying an amount would really cost, level by level, not at the top of book.
 *
 * @param bids best (highest) first
 * @param asks best (lowest) first
 * @param observedAt when our ingest received the book: its age is measured from here
 */
public record OrderBook(String instrument, List<Level> bids, List<Level> asks, Instant observedAt) {

    /** One price level: a price in the quote currency per base unit and the base quantity there. */
    public record Level(BigDecimal price, BigDecimal quantity) {}

    /** Division scale for whole-unit amounts: far below a smallest unit of any asset (max 24 decimals). */
    private static final int SCALE = 40;

    public OrderBook {
        bids = List.copyOf(bids);
        asks = List.copyOf(asks);
    }

    /** norm.order_book.v1 (already schema-valid) → its book. */
    public static OrderBook of(JsonNode event) {
        JsonNode payload = event.path("payload");
        return new OrderBook(
                payload.path("instrument").asText(),
                levels(payload.path("bids")),
                levels(payload.path("asks")),
                Instant.parse(event.path("observed_at").asText()));
    }

    private static List<Level> levels(JsonNode side) {
        List<Level> levels = new ArrayList<>(side.size());
        for (JsonNode level : side) {
            levels.add(new Level(
                    new BigDecimal(level.path("price").asText()),
                    new BigDecimal(level.path("quantity").asText())));
        }
        return levels;
    }

    /** True when the best bid is at or above the best ask: no price can be trusted from it. */
    public boolean crossed() {
        return !bids.isEmpty()
                && !asks.isEmpty()
                && bids.get(0).price().compareTo(asks.get(0).price()) >= 0;
    }

    /** The quote currency received for selling {@code base} into the bids; empty when too thin. */
    public Optional<BigDecimal> proceedsOfSelling(BigDecimal base) {
        return walk(bids, base, false);
    }

    /** The quote currency paid for buying {@code base} from the asks; empty when too thin. */
    public Optional<BigDecimal> costOfBuying(BigDecimal base) {
        return walk(asks, base, false);
    }

    /** The base bought from the asks for {@code quote} of the quote currency; empty when too thin. */
    public Optional<BigDecimal> baseBoughtWith(BigDecimal quote) {
        return walk(asks, quote, true);
    }

    /** The base to sell into the bids to receive {@code quote}; empty when too thin. */
    public Optional<BigDecimal> baseToSellFor(BigDecimal quote) {
        return walk(bids, quote, true);
    }

    /**
     * Takes levels in order until {@code amount} is filled. With {@code amountInQuote} false the
     * amount is base and the result is quote currency (Σ price × quantity taken); with it true the
     * amount is quote currency and the result is base (Σ quantity taken).
     */
    private static Optional<BigDecimal> walk(List<Level> side, BigDecimal amount, boolean amountInQuote) {
        BigDecimal remaining = amount;
        BigDecimal result = BigDecimal.ZERO;
        for (Level level : side) {
            if (remaining.signum() <= 0) {
                break;
            }
            BigDecimal available = amountInQuote ? level.price().multiply(level.quantity()) : level.quantity();
            BigDecimal taken = remaining.min(available);
            remaining = remaining.subtract(taken);
            result = result.add(
                    amountInQuote
                            ? taken.divide(level.price(), SCALE, RoundingMode.DOWN)
                            : taken.multiply(level.price()));
        }
        return remaining.signum() > 0 ? Optional.empty() : Optional.of(result);
    }
}
