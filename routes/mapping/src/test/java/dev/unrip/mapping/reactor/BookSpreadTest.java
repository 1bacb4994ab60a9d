package dev.unrip.mapping.reactor;

import static dev.unrip.mapping.reactor.Demands.ETH;
import static dev.unrip.mapping.reactor.Demands.NEAR;
import static dev.unrip.mapping.reactor.Demands.USDT;
import static dev.unrip.mapping.reactor.Demands.demand;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unrip.contracts.EventIds;
import dev.unrip.contracts.ReferenceAssets;
import dev.unrip.mapping.Envelope;
import dev.unrip.mapping.reactor.OrderBook.Level;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BookSpreadTest {

    private static final ReferenceAssets ASSETS = ReferenceAssets.fromClasspath();
    private static final Instant NOW = Instant.parse("2026-11-25T10:00:02.000Z");
    private static final String NO_LIMITS = "{\"max_notional_per_quote_usd\":\"1000000\","
            + "\"max_notional_per_minute_usd\":\"1000000\",\"max_quotes_per_second\":1000}";

    private final Map<String, OrderBook> books = new HashMap<>();
    private BookSpread strategy;

    @BeforeEach
    void aLiquidMarketAndAFullInventory() {
        book(
                "NEARUSDT",
                NOW,
                List.of(level("2.99", "5"), level("2.98", "10")),
                List.of(level("3.01", "5"), level("3.02", "10")));
        book(
                "ETHUSDT",
                NOW,
                List.of(level("2999", "0.5"), level("2998", "1")),
                List.of(level("3000", "0.5"), level("3001", "1")));
        strategy = strategy(NO_LIMITS);
        strategy.balance(NEAR, new BigInteger("1000000000000000000000000000")); // 1,000 NEAR
        strategy.balance(USDT, BigInteger.valueOf(10_000_000_000L)); // 10,000 USDT
        strategy.balance(ETH, new BigInteger("10000000000000000000")); // 10 ETH
    }

    @Test
    void exactInWalksTheBidsLevelByLevelAndTakesTheSpread() {
        // 10 NEAR into the bids: 5 at 2.99 and 5 at 2.98 = 29.85 USDT; less 30 bps = 29.76045.
        JsonNode payload = command(demand(NEAR, USDT, "EXACT_IN", "10000000000000000000000000"));
        assertEquals(
                "10000000000000000000000000",
                payload.path("action").path("amount_in").asText());
        assertEquals("29760450", payload.path("action").path("amount_out").asText());
        assertEquals("29850000", payload.path("limits").path("max_amount_out").asText(), "the fair value, no spread");
        assertEquals(
                EventIds.commandId("book-spread-v1", "88dfb2bb-125d-840e-861e-51c1c770b07a", 0),
                payload.path("command_id").asText(),
                "the id is the demand's, whatever the book");
    }

    @Test
    void exactOutWalksTheAsksAndGrossesUpTheAmountIn() {
        // 1 ETH from the asks: 0.5 at 3000 and 0.5 at 3001 = 3000.5 USDT; / 0.997 = 3009.528585..., up.
        JsonNode payload = command(demand(USDT, ETH, "EXACT_OUT", "1000000000000000000"));
        assertEquals("3009528586", payload.path("action").path("amount_in").asText());
        assertEquals(
                "1000000000000000000", payload.path("action").path("amount_out").asText());
    }

    @Test
    void aPairWithoutUsdtCrossesThroughIt() {
        // 100 NEAR: 5@2.99 + 10@2.98 + ... too thin on this book; take 10 NEAR = 29.85 USDT,
        // then ETH from the asks at 3000: 0.00995 ETH; less 30 bps.
        JsonNode payload = command(demand(NEAR, ETH, "EXACT_IN", "10000000000000000000000000"));
        assertEquals(
                "9920150000000000", payload.path("action").path("amount_out").asText());
        assertEquals(
                "9950000000000000",
                payload.path("limits").path("max_amount_out").asText());
    }

    @Test
    void aFivePercentMoveMovesTheQuoteFivePercent() {
        String before = command(demand(NEAR, USDT, "EXACT_IN", "1000000000000000000000000"))
                .path("action")
                .path("amount_out")
                .asText();
        book("NEARUSDT", NOW, List.of(level("3.1395", "15")), List.of(level("3.1605", "15")));
        String after = command(demand(
                        "q-2",
                        "99dfb2bb-125d-840e-861e-51c1c770b07a",
                        NEAR,
                        USDT,
                        "EXACT_IN",
                        "1000000000000000000000000"))
                .path("action")
                .path("amount_out")
                .asText();
        assertEquals("2981030", before);
        assertEquals("3130081", after, "2.99 x 1.05 = 3.1395, less 30 bps");
    }

    @Test
    void noQuoteOnAStaleACrossedOrAThinBook() {
        String oneNear = "1000000000000000000000000";
        book("NEARUSDT", NOW.minusMillis(2001), List.of(level("2.99", "5")), List.of(level("3.01", "5")));
        assertEquals("stale_book", skip(demand(NEAR, USDT, "EXACT_IN", oneNear)));
        books.remove("NEARUSDT");
        assertEquals("stale_book", skip(demand(NEAR, USDT, "EXACT_IN", oneNear)), "no book yet is stale too");
        book("NEARUSDT", NOW, List.of(level("3.02", "5")), List.of(level("3.01", "5")));
        assertEquals("book_crossed", skip(demand(NEAR, USDT, "EXACT_IN", oneNear)));
        book("NEARUSDT", NOW, List.of(level("2.99", "0.5")), List.of(level("3.01", "5")));
        assertEquals("book_too_thin", skip(demand(NEAR, USDT, "EXACT_IN", oneNear)));
        book("NEARUSDT", NOW.minusMillis(2000), List.of(level("2.99", "5")), List.of(level("3.01", "5")));
        assertNull(
                strategy.decide(demand(NEAR, USDT, "EXACT_IN", oneNear), NOW, false)
                        .skipReason(),
                "2 s is in bounds");
        assertEquals("pair_not_allowed", skip(demand("nep141:unknown.near", USDT, "EXACT_IN", oneNear)));
        assertEquals(
                "deadline_cannot_be_met",
                strategy.decide(
                                demand(NEAR, USDT, "EXACT_IN", oneNear),
                                Instant.parse("2026-11-25T10:00:03.001Z"),
                                false)
                        .skipReason());
    }

    @Test
    void commandsStopAtAvailableLessReservedLessTheReserveAndCapacityComesBackWhenQuotesExpire() {
        strategy = strategy("{\"max_notional_per_quote_usd\":\"1000000\",\"max_notional_per_minute_usd\":\"1000000\","
                + "\"max_quotes_per_second\":1000,\"assets\":{\"USDT\":{\"min_reserve\":\"10\"}}}");
        strategy.balance(NEAR, BigInteger.ZERO);
        strategy.balance(USDT, BigInteger.valueOf(100_000_000)); // 100 USDT, 10 of them a reserve
        String thirtyUsdt = "30000000";
        int sent = 0;
        for (int i = 0; i < 5; i++) {
            Decision d = strategy.decide(
                    demand("q-" + i, "00000000-0000-8000-8000-00000000000" + i, NEAR, USDT, "EXACT_OUT", thirtyUsdt),
                    NOW,
                    false);
            if (d.skipReason() == null) {
                sent++;
            } else {
                assertEquals("inventory_short", d.skipReason());
            }
        }
        assertEquals(3, sent, "100 available - 10 reserve = 90 = three quotes of 30");
        assertEquals(BigInteger.valueOf(90_000_000), strategy.reserved(USDT, NOW));
        strategy.release(EventIds.commandId("book-spread-v1", "00000000-0000-8000-8000-000000000000", 0));
        assertEquals(BigInteger.valueOf(60_000_000), strategy.reserved(USDT, NOW), "a failed command frees its part");
        Instant afterDeadline = Instant.parse("2026-11-25T10:01:13.001Z"); // answer + 60 s + 10 s margin
        assertEquals(BigInteger.ZERO, strategy.reserved(USDT, afterDeadline), "expired quotes free theirs");
        strategy.balance(USDT, BigInteger.valueOf(10_000_000));
        assertEquals(
                "inventory_short", skip(demand(NEAR, USDT, "EXACT_OUT", thirtyUsdt)), "a settlement moved the balance");
    }

    @Test
    void everyRiskGateRefusesWithItsOwnReason() {
        String oneNear = "1000000000000000000000000";
        strategy = strategy("{\"max_notional_per_quote_usd\":\"20\",\"max_notional_per_minute_usd\":\"1000000\","
                + "\"max_quotes_per_second\":1000,\"assets\":{\"ETH\":{\"direction\":\"NONE\"},"
                + "\"NEAR\":{\"max_inventory\":\"1000.5\"}}}");
        strategy.balance(NEAR, new BigInteger("1000000000000000000000000000"));
        assertEquals("balance_unknown", skip(demand(NEAR, USDT, "EXACT_IN", oneNear)));
        strategy.balance(USDT, BigInteger.valueOf(10_000_000_000L));
        strategy.balance(ETH, BigInteger.ZERO);
        assertEquals("direction_not_allowed", skip(demand(NEAR, ETH, "EXACT_IN", oneNear)));
        assertEquals("notional_per_quote", skip(demand(NEAR, USDT, "EXACT_IN", "10000000000000000000000000")));
        assertEquals("inventory_full", skip(demand(NEAR, USDT, "EXACT_IN", oneNear)), "1000 + 1 > 1000.5 NEAR");

        strategy.limits(limits("{\"max_notional_per_quote_usd\":\"100\",\"max_notional_per_minute_usd\":\"10\","
                + "\"max_quotes_per_second\":2}"));
        assertNull(skip(demand("q-a", "00000000-0000-8000-8000-00000000000a", NEAR, USDT, "EXACT_IN", oneNear)));
        assertNull(skip(demand("q-b", "00000000-0000-8000-8000-00000000000b", NEAR, USDT, "EXACT_IN", oneNear)));
        assertEquals(
                "quote_rate",
                skip(demand("q-c", "00000000-0000-8000-8000-00000000000c", NEAR, USDT, "EXACT_IN", oneNear)));
        Decision later = strategy.decide(
                demand(
                        "q-d",
                        "00000000-0000-8000-8000-00000000000d",
                        NEAR,
                        USDT,
                        "EXACT_IN",
                        "3000000000000000000000000"),
                NOW.plusSeconds(1),
                false);
        assertEquals("notional_per_minute", later.skipReason(), "2.99 + 2.99 + 8.97 > 10 USD in the last minute");
    }

    @Test
    void reducingLetsOnlyQuotesThatSellInventoryForTheQuoteCurrencyThrough() {
        assertEquals(
                "reducing",
                strategy.decide(demand(NEAR, USDT, "EXACT_IN", "1000000000000000000000000"), NOW, true)
                        .skipReason());
        assertNull(strategy.decide(demand(USDT, NEAR, "EXACT_IN", "3000000"), NOW, true)
                .skipReason());
    }

    @Test
    void aLimitsDocumentWithATypoIsRefusedNamingTheField() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> limits("{\"max_notional_per_quote_usd\":\"100\",\"max_notional_per_minute_usd\":\"10\","
                        + "\"max_quotes_per_second\":2,\"assets\":{\"NEAR\":{\"direction\":\"SIDEWAYS\"}}}"));
        assertEquals(
                "risk limits: assets.NEAR.direction must be BUY_ONLY, SELL_ONLY, BOTH or NONE, was \"SIDEWAYS\"",
                e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> limits(
                        "{\"max_notional_per_quote_usd\":100,\"max_notional_per_minute_usd\":\"10\",\"max_quotes_per_second\":2}"));
        assertEquals(
                "risk limits: max_notional_per_quote_usd must be a non-negative decimal string, was 100",
                e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> limits(
                        "{\"max_notional_per_quote_usd\":\"1\",\"max_notional_per_minute_usd\":\"10\",\"max_quotes_per_second\":2,"
                                + "\"assets\":{\"DOGE\":{}}}"));
        assertEquals("risk limits: assets.DOGE: no such symbol in the reference data", e.getMessage());
    }

    private BookSpread strategy(String limits) {
        BookPricing pricing =
                new BookPricing(ASSETS, i -> Optional.ofNullable(books.get(i)), Duration.ofSeconds(2), 30);
        return new BookSpread("book-spread-v1", 10_000, pricing, limits(limits), new Inventory());
    }

    private static RiskLimits limits(String json) {
        try {
            return RiskLimits.parse(Envelope.json().readTree(json), ASSETS);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode command(JsonNode demand) {
        Decision d = strategy.decide(demand, NOW, false);
        assertNull(d.skipReason(), "expected a command, got " + d.skipReason());
        assertTrue(d.command().json().contains("\"type\":\"quote_response\""));
        return d.command().event().path("payload");
    }

    private String skip(JsonNode demand) {
        return strategy.decide(demand, NOW, false).skipReason();
    }

    private void book(String instrument, Instant observedAt, List<Level> bids, List<Level> asks) {
        books.put(instrument, new OrderBook(instrument, bids, asks, observedAt));
    }

    private static Level level(String price, String quantity) {
        return new Level(new BigDecimal(price), new BigDecimal(quantity));
    }
}
