package dev.unrip.mapping.reactor;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The placeholder strategy: answer every swap demand whose pair is on the allow-list, at the
 * configured rate less a fixed spread; skip what cannot be answered in time. Deterministic: the
 * command and its id depend only on the event, the configuration and the clock's verdict on the
 * deadline, so a replay of the same events yields the same command_ids, which the executor has
 * already seen.
 *
 * @param rates smallest units of out per smallest unit of in, by {@code assetIn>assetOut}
 */
public record FixedSpread(String strategyId, int spreadBps, long validityMarginMs, Map<String, BigDecimal> rates) {

    /** reactor.pairs: "assetIn>assetOut=rate" entries. */
    public static Map<String, BigDecimal> parseRates(List<String> entries) {
        Map<String, BigDecimal> parsed = new HashMap<>();
        for (String entry : entries) {
            int eq = entry.lastIndexOf('=');
            if (eq < 0 || !entry.substring(0, eq).contains(">")) {
                throw new IllegalArgumentException(
                        "reactor.pairs entry '" + entry + "' is not 'assetIn>assetOut=rate'");
            }
            parsed.put(
                    entry.substring(0, eq).trim(),
                    new BigDecimal(entry.substring(eq + 1).trim()));
        }
        return Map.copyOf(parsed);
    }

    /** norm.swap_demand.v1 (already schema-valid) → cmd.execute_trade.v1 keyed by quote_id, or a skip. */
    public Decision decide(JsonNode event, Instant now) {
        JsonNode demand = event.path("payload");
        String assetIn = demand.path("asset_in").path("venue_id").asText();
        String assetOut = demand.path("asset_out").path("venue_id").asText();
        BigDecimal rate = rates.get(assetIn + ">" + assetOut);
        if (rate == null) {
            return Decision.skip("pair_not_allowed");
        }
        if (now.isAfter(TradeCommand.answerDeadline(event))) {
            return Decision.skip("deadline_cannot_be_met");
        }
        BigDecimal spread = BigDecimal.ONE.subtract(BigDecimal.valueOf(spreadBps, 4));
        BigDecimal amount = new BigDecimal(demand.path("amount").asText());
        boolean exactIn = "EXACT_IN".equals(demand.path("side").asText());
        BigDecimal amountIn = exactIn ? amount : amount.divide(rate.multiply(spread), 0, RoundingMode.CEILING);
        BigDecimal amountOut =
                exactIn ? amount.multiply(rate).multiply(spread).setScale(0, RoundingMode.FLOOR) : amount;
        if (amountIn.signum() <= 0 || amountOut.signum() <= 0) {
            return Decision.skip("amount_too_small");
        }
        // Never give more than the request's fair value: the executor refuses anything above it.
        BigDecimal maxAmountOut = exactIn ? amount.multiply(rate).setScale(0, RoundingMode.FLOOR) : amount;
        // A pure function of the demand: the same demand replayed gives the same command, byte for byte.
        return new Decision(
                TradeCommand.of(
                        event,
                        strategyId,
                        validityMarginMs,
                        amountIn.toBigIntegerExact(),
                        amountOut.toBigIntegerExact(),
                        maxAmountOut.toBigIntegerExact()),
                null);
    }
}
