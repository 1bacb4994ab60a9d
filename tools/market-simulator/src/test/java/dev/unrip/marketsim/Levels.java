package dev.unrip.marketsim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.regex.Pattern;

/** Checks of the levels of a depth payload ({@code [["price","qty"],...]}) and of a bookTicker. */
final class Levels {

    /** Binance's decimal strings: digits, a point, eight decimals. */
    static final Pattern DECIMAL = Pattern.compile("\\d+\\.\\d{8}");

    private Levels() {}

    static BigDecimal price(JsonNode side, int i) {
        return decimal(side.get(i).get(0));
    }

    static BigDecimal decimal(JsonNode text) {
        assertTrue(text.isTextual() && DECIMAL.matcher(text.asText()).matches(), "a decimal string: " + text);
        return new BigDecimal(text.asText());
    }

    /** Prices strictly descending (bids) or ascending (asks), quantities positive, every value a decimal string. */
    static void assertOrdered(JsonNode side, boolean descending) {
        for (int i = 0; i < side.size(); i++) {
            assertTrue(side.get(i).isArray() && side.get(i).size() == 2, "[price, qty]: " + side.get(i));
            assertTrue(decimal(side.get(i).get(1)).signum() > 0, "a positive quantity: " + side.get(i));
            if (i > 0) {
                int order = price(side, i - 1).compareTo(price(side, i));
                assertTrue(descending ? order > 0 : order < 0, "ordered: " + side);
            }
        }
    }

    /** A depth payload that is well-formed and not crossed. */
    static void assertHealthyDepth(JsonNode depth, int levels) {
        assertTrue(depth.path("lastUpdateId").isIntegralNumber(), depth.toString());
        assertTrue(depth.path("bids").size() == levels && depth.path("asks").size() == levels, depth.toString());
        assertOrdered(depth.get("bids"), true);
        assertOrdered(depth.get("asks"), false);
        assertTrue(price(depth.get("bids"), 0).compareTo(price(depth.get("asks"), 0)) < 0, "not crossed: " + depth);
    }
}
