package dev.unrip.mapping.reactor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unrip.contracts.ReferenceAssets;
import dev.unrip.contracts.ReferenceAssets.Asset;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The pre-trade risk limits, one document: the reactor's configuration gives the first one
 * ({@code reactor.risk-limits}) and a ctl.risk_limits record replaces it at run time. Amounts are
 * written in whole units by symbol ({@code "NEAR": {"min_reserve": "10"}}) and held in smallest
 * units; notionals are in the quote currency (USDT, taken as USD).
 *
 * <pre>{"max_notional_per_quote_usd": "1000", "max_notional_per_minute_usd": "20000",
 *  "max_quotes_per_second": 200,
 *  "assets": {"NEAR": {"direction": "BOTH", "min_reserve": "10", "max_inventory": "100000"}}}</pre>
 *
 * An asset the document does not name trades in both directions, with no reserve and no maximum.
 */
public record RiskLimits(
        BigDecimal maxNotionalPerQuoteUsd,
        BigDecimal maxNotionalPerMinuteUsd,
        int maxQuotesPerSecond,
        Map<String, AssetLimits> byAssetId) {

    /** What we may do with an asset: receive it (BUY), give it (SELL), both or neither. */
    public enum Direction {
        BUY_ONLY,
        SELL_ONLY,
        BOTH,
        NONE;

        boolean mayReceive() {
            return this == BUY_ONLY || this == BOTH;
        }

        boolean mayGive() {
            return this == SELL_ONLY || this == BOTH;
        }
    }

    /** @param maxInventory smallest units; empty for no maximum */
    public record AssetLimits(Direction direction, BigInteger minReserve, Optional<BigInteger> maxInventory) {}

    static final AssetLimits UNLIMITED = new AssetLimits(Direction.BOTH, BigInteger.ZERO, Optional.empty());

    private static final Set<String> FIELDS =
            Set.of("max_notional_per_quote_usd", "max_notional_per_minute_usd", "max_quotes_per_second", "assets");
    private static final Set<String> ASSET_FIELDS = Set.of("direction", "min_reserve", "max_inventory");

    public RiskLimits {
        byAssetId = Map.copyOf(byAssetId);
    }

    public AssetLimits asset(String assetId) {
        return byAssetId.getOrDefault(assetId, UNLIMITED);
    }

    /** Parses and checks a limits document; a refusal names the field. */
    public static RiskLimits parse(JsonNode doc, ReferenceAssets assets) {
        if (doc == null || !doc.isObject()) {
            throw new IllegalArgumentException("risk limits must be a JSON object, was " + doc);
        }
        unknownFields(doc, FIELDS, "risk limits");
        Map<String, AssetLimits> byId = new HashMap<>();
        JsonNode perAsset = doc.path("assets");
        for (Iterator<Map.Entry<String, JsonNode>> it = perAsset.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String where = "risk limits: assets." + entry.getKey();
            Asset asset = assets.byId().values().stream()
                    .filter(a -> a.symbol().equals(entry.getKey()))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(where + ": no such symbol in the reference data"));
            JsonNode limits = entry.getValue();
            unknownFields(limits, ASSET_FIELDS, where);
            Direction direction;
            try {
                direction = Direction.valueOf(limits.path("direction").asText("BOTH"));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ".direction must be BUY_ONLY, SELL_ONLY, BOTH or NONE, was "
                        + limits.path("direction"));
            }
            BigInteger reserve = limits.has("min_reserve")
                    ? smallest(decimal(limits.path("min_reserve"), where + ".min_reserve"), asset)
                    : BigInteger.ZERO;
            Optional<BigInteger> max = limits.has("max_inventory")
                    ? Optional.of(smallest(decimal(limits.path("max_inventory"), where + ".max_inventory"), asset))
                    : Optional.empty();
            byId.put(asset.id(), new AssetLimits(direction, reserve, max));
        }
        JsonNode rate = doc.path("max_quotes_per_second");
        if (!rate.isInt() || rate.asInt() < 0) {
            throw new IllegalArgumentException(
                    "risk limits: max_quotes_per_second must be a whole number >= 0, was " + rate);
        }
        return new RiskLimits(
                decimal(doc.path("max_notional_per_quote_usd"), "risk limits: max_notional_per_quote_usd"),
                decimal(doc.path("max_notional_per_minute_usd"), "risk limits: max_notional_per_minute_usd"),
                rate.asInt(),
                byId);
    }

    private static void unknownFields(JsonNode node, Set<String> known, String where) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(where + " must be a JSON object, was " + node);
        }
        node.fieldNames().forEachRemaining(f -> {
            if (!known.contains(f)) {
                throw new IllegalArgumentException(where + " has an unknown field '" + f + "' (known: " + known + ")");
            }
        });
    }

    private static BigDecimal decimal(JsonNode value, String where) {
        try {
            if (value.isTextual()) {
                BigDecimal d = new BigDecimal(value.asText());
                if (d.signum() >= 0) {
                    return d;
                }
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalArgumentException(where + " must be a non-negative decimal string, was " + value);
    }

    private static BigInteger smallest(BigDecimal whole, Asset asset) {
        return whole.movePointRight(asset.decimals())
                .setScale(0, RoundingMode.CEILING)
                .toBigIntegerExact();
    }
}
