package dev.unrip.mapping.reactor;

import dev.unrip.contracts.ReferenceAssets;
import dev.unrip.contracts.ReferenceAssets.Asset;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * Size-aware pricing from the reference market's books. We receive asset_in and give asset_out;
 * both are valued through the quote currency (USDT): asset_in at what selling it into its
 * instrument's bids would bring, asset_out at what buying it back from its instrument's asks
 * would cost, each walked level by level for the whole amount. The spread comes on top. No price
 * when a book is missing, older than the bound, crossed or too thin for the amount.
 *
 * @param books the latest book per instrument, in memory (no I/O here)
 */
public record BookPricing(
        ReferenceAssets assets, Function<String, Optional<OrderBook>> books, Duration maxBookAge, int spreadBps) {

    /**
     * A price in smallest units, or the reason there is none ({@link #skipReason} non-null).
     *
     * @param maxAmountOut the fair value without the spread: the executor refuses to give more
     * @param notionalUsd the request's value in the quote currency, for the risk gates
     */
    public record Price(
            BigInteger amountIn,
            BigInteger amountOut,
            BigInteger maxAmountOut,
            BigDecimal notionalUsd,
            String skipReason) {
        static Price skip(String reason) {
            return new Price(null, null, null, null, reason);
        }
    }

    private static final int SCALE = 40;

    /** @param amount smallest units of asset_in (EXACT_IN) or of asset_out (EXACT_OUT) */
    public Price price(String assetIn, String assetOut, boolean exactIn, BigInteger amount, Instant now) {
        Optional<Asset> in = assets.asset(assetIn);
        Optional<Asset> out = assets.asset(assetOut);
        if (in.isEmpty() || out.isEmpty() || assetIn.equals(assetOut)) {
            return Price.skip("pair_not_allowed");
        }
        Leg inLeg = leg(in.get(), now);
        Leg outLeg = leg(out.get(), now);
        if (inLeg.skipReason != null || outLeg.skipReason != null) {
            return Price.skip(inLeg.skipReason != null ? inLeg.skipReason : outLeg.skipReason);
        }
        BigDecimal keep = BigDecimal.ONE.subtract(BigDecimal.valueOf(spreadBps, 4));
        if (exactIn) {
            BigDecimal whole = whole(amount, in.get());
            Optional<BigDecimal> usd = inLeg.book == null ? Optional.of(whole) : inLeg.book.proceedsOfSelling(whole);
            Optional<BigDecimal> fairOut =
                    usd.flatMap(u -> outLeg.book == null ? Optional.of(u) : outLeg.book.baseBoughtWith(u));
            if (fairOut.isEmpty()) {
                return Price.skip("book_too_thin");
            }
            BigInteger max = smallest(fairOut.get(), out.get(), RoundingMode.FLOOR);
            BigInteger quoted = smallest(fairOut.get().multiply(keep), out.get(), RoundingMode.FLOOR);
            return positive(amount, quoted, max, usd.get());
        }
        BigDecimal whole = whole(amount, out.get());
        Optional<BigDecimal> usd = outLeg.book == null ? Optional.of(whole) : outLeg.book.costOfBuying(whole);
        Optional<BigDecimal> fairIn =
                usd.flatMap(u -> inLeg.book == null ? Optional.of(u) : inLeg.book.baseToSellFor(u));
        if (fairIn.isEmpty()) {
            return Price.skip("book_too_thin");
        }
        BigInteger quotedIn =
                smallest(fairIn.get().divide(keep, SCALE, RoundingMode.UP), in.get(), RoundingMode.CEILING);
        return positive(quotedIn, amount, amount, usd.get());
    }

    private static Price positive(BigInteger amountIn, BigInteger amountOut, BigInteger max, BigDecimal usd) {
        if (amountIn.signum() <= 0 || amountOut.signum() <= 0) {
            return Price.skip("amount_too_small");
        }
        return new Price(amountIn, amountOut, max, usd, null);
    }

    /** The book an asset is priced on (none for the quote currency), or why it cannot be used. */
    private record Leg(OrderBook book, String skipReason) {}

    private Leg leg(Asset asset, Instant now) {
        if (asset.isQuoteCurrency()) {
            return new Leg(null, null);
        }
        Optional<OrderBook> book = books.apply(asset.instrument().orElseThrow());
        if (book.isEmpty() || Duration.between(book.get().observedAt(), now).compareTo(maxBookAge) > 0) {
            // No book yet counts as stale: it is the same operator question (is the feed there?).
            return new Leg(null, "stale_book");
        }
        if (book.get().crossed()) {
            return new Leg(null, "book_crossed");
        }
        if (book.get().bids().isEmpty() || book.get().asks().isEmpty()) {
            return new Leg(null, "book_too_thin");
        }
        return new Leg(book.get(), null);
    }

    private static BigDecimal whole(BigInteger smallest, Asset asset) {
        return new BigDecimal(smallest, asset.decimals());
    }

    private static BigInteger smallest(BigDecimal whole, Asset asset, RoundingMode rounding) {
        return whole.movePointRight(asset.decimals()).setScale(0, rounding).toBigIntegerExact();
    }
}
