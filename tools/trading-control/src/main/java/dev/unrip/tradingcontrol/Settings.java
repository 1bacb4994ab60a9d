package dev.unrip.tradingcontrol;

import dev.unrip.contracts.TradingStateRecord;
import java.util.Map;

/**
 * What one run was asked, from the environment the make targets set: {@code KAFKA_BOOTSTRAP_SERVERS}
 * (default the `make run` broker), {@code TRADING_SCOPE} (default global), {@code TRADING_REASON},
 * {@code USER} (who sets it) and {@code TRADING_TIMEOUT_MS} (how long the broker may take, default
 * 10 s). A bad value is refused in one line ({@link IllegalArgumentException}).
 */
record Settings(String bootstrap, String scope, String reason, String user, int timeoutMs) {

    static final String DEFAULT_BOOTSTRAP = "localhost:19092";

    static Settings fromEnvironment(Map<String, String> env) {
        String scope = or(env.get("TRADING_SCOPE"), TradingStateRecord.GLOBAL);
        if (!TradingStateRecord.isScope(scope)) {
            throw new IllegalArgumentException(
                    "SCOPE must be global, venue:<venue> or strategy:<strategy_id> (e.g. venue:near-intents), was '"
                            + scope + "'");
        }
        String timeout = or(env.get("TRADING_TIMEOUT_MS"), "10000");
        int timeoutMs;
        try {
            timeoutMs = Integer.parseInt(timeout);
        } catch (NumberFormatException e) {
            timeoutMs = 0;
        }
        if (timeoutMs < 100) {
            throw new IllegalArgumentException(
                    "TRADING_TIMEOUT_MS must be a number of ms >= 100, was '" + timeout + "'");
        }
        return new Settings(
                or(env.get("KAFKA_BOOTSTRAP_SERVERS"), DEFAULT_BOOTSTRAP),
                scope,
                or(env.get("TRADING_REASON"), ""),
                or(env.get("USER"), or(System.getProperty("user.name"), "")),
                timeoutMs);
    }

    private static String or(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.strip();
    }
}
