package dev.unrip.marketsim;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The simulator's settings ({@code market-sim.*}, each from a {@code MARKET_SIM_*} variable; see README.md). */
@ConfigMapping(prefix = "market-sim")
public interface MarketSimConfig {

    /** Seed of the random walks: the same seed gives the same books, step by step. */
    @WithDefault("7")
    long seed();

    /** The books, {@code SYMBOL:mid[:tick],...}; see {@link SymbolSpec#parseAll}. */
    @WithDefault("NEARUSDT:3.000:0.001,ETHUSDT:3000.00:0.01,USDCUSDT:1.0000:0.0001")
    String symbols();

    /** Levels kept per side; at least 20 (the deepest partial book stream). */
    @WithDefault("50")
    int levels();

    /** Average quote-asset notional of one level. */
    @WithDefault("300")
    double levelNotional();

    /** Standard deviation of the mid's step every 100 ms, in basis points; 0 keeps the mid still. */
    @WithDefault("1.0")
    double volatilityBps();

    /** A ping frame to every connection this often. */
    @WithDefault("20000")
    long pingIntervalMs();

    /** A connection that has not answered a ping within this long is closed. */
    @WithDefault("60000")
    long pongTimeoutMs();

    /** Every connection is closed this long after it was opened (Binance: 24 hours). */
    @WithDefault("86400000")
    long connectionLifetimeMs();

    /** Incoming messages (ping, pong, text) allowed per second and connection; one more disconnects. */
    @WithDefault("5")
    int maxMessagesPerSecond();

    /** Streams one connection may listen to. */
    @WithDefault("1024")
    int maxStreams();
}
