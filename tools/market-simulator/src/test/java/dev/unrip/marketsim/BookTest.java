package dev.unrip.marketsim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The books on their own: seeded, deep enough, never crossed, their tick and quantity grids kept. */
class BookTest {

    private static final List<SymbolSpec> SPECS =
            SymbolSpec.parseAll("NEARUSDT:3.000:0.001,ETHUSDT:3000.00:0.01,USDCUSDT:1.0000:0.0001");

    @Test
    void theSameSeedGivesTheSameBooksStepByStep() {
        for (SymbolSpec spec : SPECS) {
            Book a = new Book(spec, 42, 50, 300);
            Book b = new Book(spec, 42, 50, 300);
            Book other = new Book(spec, 43, 50, 300);
            for (int i = 0; i < 200; i++) {
                a.step(1.0);
                b.step(1.0);
                other.step(1.0);
            }
            assertEquals(a.snapshot(20), b.snapshot(20));
            assertNotEquals(a.snapshot(20), other.snapshot(20));
        }
    }

    @Test
    void everyBookHasTwentyLevelsAndAThousandUsdtOrderWalksAFewOfThem() {
        for (SymbolSpec spec : SPECS) {
            Book book = new Book(spec, 7, 50, 300);
            for (int step = 0; step < 100; step++) {
                book.step(1.0);
                BookSnapshot snapshot = book.snapshot(50);
                assertEquals(50, snapshot.bids().size());
                int walked = levelsFor(snapshot.asks(), 1000);
                assertTrue(
                        walked >= 2 && walked <= 15, spec.symbol() + ": a 1000 USDT buy takes " + walked + " levels");
                assertTrue(levelsFor(snapshot.bids(), 1000) >= 2, spec.symbol() + ": and a sell too");
            }
        }
    }

    @Test
    void noBookIsEverCrossedAndPricesStayOnTheTickGrid() {
        for (SymbolSpec spec : SPECS) {
            Book book = new Book(spec, 11, 50, 300);
            for (int step = 0; step < 5000; step++) {
                book.step(20.0);
                BookSnapshot s = book.snapshot(20);
                BigDecimal bid = new BigDecimal(s.bestBid().price());
                BigDecimal ask = new BigDecimal(s.bestAsk().price());
                assertTrue(bid.compareTo(ask) < 0, spec.symbol() + " crossed at step " + step + ": " + s);
                assertEquals(0, bid.remainder(spec.tick()).signum(), "on the tick grid: " + bid);
                BigDecimal qty = new BigDecimal(s.bestAsk().qty());
                assertEquals(
                        0,
                        qty.movePointRight(spec.qtyScale())
                                .remainder(BigDecimal.ONE)
                                .signum(),
                        "lot: " + qty);
            }
        }
    }

    @Test
    void aJumpMovesTheMidAndACommandedCrossShowsUntilNormal() {
        Book book = new Book(SPECS.get(0), 7, 50, 300);
        BigDecimal[] mids = book.jump(-10);
        assertEquals(0.9, mids[1].doubleValue() / mids[0].doubleValue(), 1e-4);

        book.cross(2);
        BookSnapshot crossed = book.snapshot(5);
        assertEquals(
                0,
                new BigDecimal("0.002")
                        .compareTo(new BigDecimal(crossed.bestBid().price())
                                .subtract(new BigDecimal(crossed.bestAsk().price()))));
        book.normal();
        BookSnapshot normal = book.snapshot(5);
        assertTrue(new BigDecimal(normal.bestBid().price())
                        .compareTo(new BigDecimal(normal.bestAsk().price()))
                < 0);
    }

    @Test
    void aMissingTickFollowsTheMidsMagnitude() {
        SymbolSpec spec = SymbolSpec.parseAll("BTCUSDT:60000").get(0);
        assertEquals(new BigDecimal("1"), spec.tick());
        assertEquals(6, spec.qtyScale());
    }

    /** How many levels an order of {@code notional} (quote asset) takes from a side. */
    private static int levelsFor(List<BookSnapshot.Level> side, double notional) {
        double left = notional;
        int levels = 0;
        for (BookSnapshot.Level level : side) {
            levels++;
            left -= Double.parseDouble(level.price()) * Double.parseDouble(level.qty());
            if (left <= 0) {
                return levels;
            }
        }
        return Integer.MAX_VALUE;
    }
}
