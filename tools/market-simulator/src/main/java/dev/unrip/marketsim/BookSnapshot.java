package dev.unrip.marketsim;

import java.math.BigDecimal;
import java.util.List;

/**
 * One book at one update: its best levels, prices and quantities as the decimal strings Binance
 * sends (8 decimals), bids best (highest) first, asks best (lowest) first.
 */
public record BookSnapshot(String symbol, long lastUpdateId, BigDecimal mid, List<Level> bids, List<Level> asks) {

    /** One price level: {@code ["price","qty"]} on the wire. */
    public record Level(String price, String qty) {}

    public Level bestBid() {
        return bids.get(0);
    }

    public Level bestAsk() {
        return asks.get(0);
    }

    /** The best {@code n} levels of each side (as many as there are when fewer). */
    public BookSnapshot top(int n) {
        return new BookSnapshot(
                symbol,
                lastUpdateId,
                mid,
                bids.subList(0, Math.min(n, bids.size())),
                asks.subList(0, Math.min(n, asks.size())));
    }
}
