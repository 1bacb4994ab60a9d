package dev.unrip.marketsim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The settings that can change at run time ({@code POST /control/settings}): the connection rules
 * and the walk's volatility. They start from {@link MarketSimConfig}, and {@link #reset} goes back
 * to it. A change applies to open connections at once. (Read through methods: the bean is reached
 * through a client proxy, whose own fields are never set.)
 */
@ApplicationScoped
public class Settings {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final MarketSimConfig config;
    private volatile long pingIntervalMs;
    private volatile long pongTimeoutMs;
    private volatile long connectionLifetimeMs;
    private volatile int maxMessagesPerSecond;
    private volatile int maxStreams;
    private volatile double volatilityBps;

    @Inject
    Settings(MarketSimConfig config) {
        this.config = config;
        reset();
    }

    /** Back to the configuration's values. */
    final synchronized void reset() {
        pingIntervalMs = config.pingIntervalMs();
        pongTimeoutMs = config.pongTimeoutMs();
        connectionLifetimeMs = config.connectionLifetimeMs();
        maxMessagesPerSecond = config.maxMessagesPerSecond();
        maxStreams = config.maxStreams();
        volatilityBps = config.volatilityBps();
    }

    long pingIntervalMs() {
        return pingIntervalMs;
    }

    long pongTimeoutMs() {
        return pongTimeoutMs;
    }

    long connectionLifetimeMs() {
        return connectionLifetimeMs;
    }

    int maxMessagesPerSecond() {
        return maxMessagesPerSecond;
    }

    int maxStreams() {
        return maxStreams;
    }

    double volatilityBps() {
        return volatilityBps;
    }

    /** Applies the fields present in {@code body}; returns an error message, or null when all were valid. */
    synchronized String apply(JsonNode body) {
        long ping = positive(body, "ping_interval_ms", pingIntervalMs);
        long pong = positive(body, "pong_timeout_ms", pongTimeoutMs);
        long lifetime = positive(body, "connection_lifetime_ms", connectionLifetimeMs);
        long messages = positive(body, "max_messages_per_second", maxMessagesPerSecond);
        long streams = positive(body, "max_streams", maxStreams);
        JsonNode v = body.get("volatility_bps");
        double volatility = v == null ? volatilityBps : v.isNumber() ? v.asDouble() : -1;
        if (ping < 0 || pong < 0 || lifetime < 0 || messages < 0 || streams < 0 || volatility < 0) {
            return "ping_interval_ms, pong_timeout_ms, connection_lifetime_ms, max_messages_per_second and"
                    + " max_streams are positive integers, volatility_bps a number >= 0";
        }
        pingIntervalMs = ping;
        pongTimeoutMs = pong;
        connectionLifetimeMs = lifetime;
        maxMessagesPerSecond = (int) Math.min(messages, Integer.MAX_VALUE);
        maxStreams = (int) Math.min(streams, Integer.MAX_VALUE);
        volatilityBps = volatility;
        return null;
    }

    private static long positive(JsonNode body, String field, long current) {
        JsonNode value = body.get(field);
        if (value == null) {
            return current;
        }
        return value.canConvertToLong() && value.isIntegralNumber() && value.asLong() > 0 ? value.asLong() : -1;
    }

    synchronized ObjectNode toJson() {
        ObjectNode out = JSON.createObjectNode();
        out.put("ping_interval_ms", pingIntervalMs);
        out.put("pong_timeout_ms", pongTimeoutMs);
        out.put("connection_lifetime_ms", connectionLifetimeMs);
        out.put("max_messages_per_second", maxMessagesPerSecond);
        out.put("max_streams", maxStreams);
        out.put("volatility_bps", volatilityBps);
        return out;
    }
}
