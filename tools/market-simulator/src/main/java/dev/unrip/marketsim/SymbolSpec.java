package dev.unrip.marketsim;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One simulated symbol: its name as Binance spells it in payloads (upper case), its starting mid,
 * its price tick and how many decimals its quantities have.
 *
 * @param qtyScale decimals of a quantity: {@code floor(log10(mid)) + 2}, between 0 and 8 (a lot of
 *     about a hundredth of a quote unit or less: 0.01 NEAR, 0.00001 ETH)
 */
public record SymbolSpec(String symbol, BigDecimal mid, BigDecimal tick, int qtyScale) {

    private static final Pattern SYMBOL = Pattern.compile("[A-Z0-9]{2,20}");

    public SymbolSpec {
        if (!SYMBOL.matcher(symbol).matches()) {
            throw new IllegalArgumentException("a symbol is 2 to 20 of A-Z, 0-9: " + symbol);
        }
        if (mid.signum() <= 0 || tick.signum() <= 0 || tick.compareTo(mid) >= 0) {
            throw new IllegalArgumentException(symbol + ": mid and tick are positive, the tick below the mid");
        }
    }

    /** Parses {@code SYMBOL:mid[:tick],...}; a missing tick is {@code 10^(floor(log10(mid)) - 4)}. */
    public static List<SymbolSpec> parseAll(String text) {
        List<SymbolSpec> specs = new ArrayList<>();
        for (String item : text.split(",")) {
            if (item.isBlank()) {
                continue;
            }
            String[] parts = item.trim().split(":");
            if (parts.length < 2 || parts.length > 3) {
                throw new IllegalArgumentException("a symbol is SYMBOL:mid[:tick], got '" + item + "'");
            }
            BigDecimal mid = new BigDecimal(parts[1]);
            int magnitude = (int) Math.floor(Math.log10(mid.doubleValue()));
            BigDecimal tick =
                    parts.length == 3 ? new BigDecimal(parts[2]) : BigDecimal.ONE.scaleByPowerOfTen(magnitude - 4);
            int qtyScale = Math.max(0, Math.min(8, magnitude + 2));
            tick = tick.stripTrailingZeros();
            specs.add(
                    new SymbolSpec(parts[0].toUpperCase(), mid, tick.scale() < 0 ? tick.setScale(0) : tick, qtyScale));
        }
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("no symbol configured (market-sim.symbols)");
        }
        return List.copyOf(specs);
    }

    /** The symbol as stream names carry it: lower case. */
    public String streamSymbol() {
        return symbol.toLowerCase();
    }
}
