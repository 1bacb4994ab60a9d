package dev.unrip.mapping.reactor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unrip.contracts.ReferenceAssets;
import dev.unrip.mapping.reactor.BookPricing.Price;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Optional;

/**
 * The market-making strategy: price each swap demand from the reference market's books (size
 * aware, through the quote currency, a spread on top), then ask the risk gates and the inventory;
 * a quote that passes reserves its asset_out until its deadline. Each refusal has one reason,
 * which the route counts. The command_id stays a pure function of the demand (amounts follow the
 * book, the id does not), so a replay still executes nothing.
 *
 * <p>Under REDUCING only quotes that give away inventory for the quote currency pass (asset_in
 * is USDT): exposure shrinks, it never grows.
 */
public final class BookSpread {

    private final String strategyId;
    private final long validityMarginMs;
    private final ReferenceAssets assets;
    private final BookPricing pricing;
    private final RiskGates gates = new RiskGates();
    private final Inventory inventory;
    private volatile RiskLimits limits;

    public BookSpread(
            String strategyId, long validityMarginMs, BookPricing pricing, RiskLimits limits, Inventory inventory) {
        this.strategyId = strategyId;
        this.validityMarginMs = validityMarginMs;
        this.assets = pricing.assets();
        this.pricing = pricing;
        this.limits = limits;
        this.inventory = inventory;
    }

    public String strategyId() {
        return strategyId;
    }

    /** Replaces the risk limits (a ctl.risk_limits record); the next demand meets the new ones. */
    public void limits(RiskLimits next) {
        limits = next;
    }

    public RiskLimits limits() {
        return limits;
    }

    /**
     * norm.swap_demand.v1 (already schema-valid) → cmd.execute_trade.v1, or a skip.
     *
     * @param reducing the trading state is REDUCING (HALTED never reaches the strategy)
     */
    public synchronized Decision decide(JsonNode event, Instant now, boolean reducing) {
        JsonNode demand = event.path("payload");
        String assetIn = demand.path("asset_in").path("venue_id").asText();
        String assetOut = demand.path("asset_out").path("venue_id").asText();
        if (now.isAfter(TradeCommand.answerDeadline(event))) {
            return Decision.skip("deadline_cannot_be_met");
        }
        if (reducing && !assets.asset(assetIn).map(a -> a.isQuoteCurrency()).orElse(false)) {
            return Decision.skip("reducing");
        }
        boolean exactIn = "EXACT_IN".equals(demand.path("side").asText());
        Price price = pricing.price(
                assetIn, assetOut, exactIn, new BigInteger(demand.path("amount").asText()), now);
        if (price.skipReason() != null) {
            return Decision.skip(price.skipReason());
        }
        Optional<String> denied = gates.admit(limits, inventory, assetIn, assetOut, price, now);
        if (denied.isPresent()) {
            return Decision.skip(denied.get());
        }
        var command = TradeCommand.of(
                event, strategyId, validityMarginMs, price.amountIn(), price.amountOut(), price.maxAmountOut());
        inventory.reserve(
                command.event().path("payload").path("command_id").asText(),
                new Inventory.Reservation(
                        assetOut, price.amountOut(), TradeCommand.quoteDeadline(event, validityMarginMs)));
        return new Decision(command, null);
    }

    /** A balance read from norm.balance (our account's). */
    public synchronized void balance(String asset, BigInteger amount) {
        inventory.balance(asset, amount);
    }

    /** A command read back from cmd.execute_trade (after a restart, or another reactor's). */
    public synchronized void reserve(String commandId, Inventory.Reservation reservation) {
        inventory.reserve(commandId, reservation);
    }

    /** A result that ends a promise early: nothing was signed or the venue refused it. */
    public synchronized void release(String commandId) {
        inventory.release(commandId);
    }

    public synchronized Optional<BigInteger> available(String asset, Instant now) {
        return inventory.available(asset, now);
    }

    public synchronized BigInteger reserved(String asset, Instant now) {
        return inventory.reserved(asset, now);
    }
}
