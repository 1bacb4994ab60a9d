package dev.unrip.mapping.reactor;

import dev.unrip.mapping.reactor.BookPricing.Price;
import dev.unrip.mapping.reactor.RiskLimits.AssetLimits;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * The pre-trade risk gates, in the order they are asked: direction per asset, notional per quote,
 * quotes per second, notional per rolling minute, then inventory (asset_out available less its
 * minimum reserve; asset_in under its maximum). The first that refuses names the reason; a quote
 * that passes is counted in the windows. Not thread-safe (called under the strategy's lock).
 */
public final class RiskGates {

    private record Sent(Instant at, BigDecimal notional) {}

    private static final Duration SECOND = Duration.ofSeconds(1);
    private static final Duration MINUTE = Duration.ofMinutes(1);

    private final Deque<Sent> lastMinute = new ArrayDeque<>();
    private BigDecimal minuteNotional = BigDecimal.ZERO;

    /** @return the denial reason, or empty when the quote may go (and is then counted) */
    public Optional<String> admit(
            RiskLimits limits, Inventory inventory, String assetIn, String assetOut, Price price, Instant now) {
        AssetLimits in = limits.asset(assetIn);
        AssetLimits out = limits.asset(assetOut);
        if (!in.direction().mayReceive() || !out.direction().mayGive()) {
            return Optional.of("direction_not_allowed");
        }
        if (price.notionalUsd().compareTo(limits.maxNotionalPerQuoteUsd()) > 0) {
            return Optional.of("notional_per_quote");
        }
        forget(now);
        if (countSince(now.minus(SECOND)) >= limits.maxQuotesPerSecond()) {
            return Optional.of("quote_rate");
        }
        if (minuteNotional.add(price.notionalUsd()).compareTo(limits.maxNotionalPerMinuteUsd()) > 0) {
            return Optional.of("notional_per_minute");
        }
        Optional<BigInteger> available = inventory.available(assetOut, now);
        if (available.isEmpty() || inventory.balance(assetIn).isEmpty()) {
            return Optional.of("balance_unknown");
        }
        if (price.amountOut().compareTo(available.get().subtract(out.minReserve())) > 0) {
            return Optional.of("inventory_short");
        }
        if (in.maxInventory().isPresent()
                && inventory
                                .balance(assetIn)
                                .get()
                                .add(price.amountIn())
                                .compareTo(in.maxInventory().get())
                        > 0) {
            return Optional.of("inventory_full");
        }
        lastMinute.addLast(new Sent(now, price.notionalUsd()));
        minuteNotional = minuteNotional.add(price.notionalUsd());
        return Optional.empty();
    }

    private void forget(Instant now) {
        Instant from = now.minus(MINUTE);
        while (!lastMinute.isEmpty() && !lastMinute.peekFirst().at().isAfter(from)) {
            minuteNotional = minuteNotional.subtract(lastMinute.removeFirst().notional());
        }
    }

    private int countSince(Instant from) {
        int n = 0;
        for (var it = lastMinute.descendingIterator(); it.hasNext(); ) {
            if (!it.next().at().isAfter(from)) {
                break;
            }
            n++;
        }
        return n;
    }
}
