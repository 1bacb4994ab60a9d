package dev.unrip.marketsim;

import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Binance's connection rules over time (web-socket-streams.md, "General WSS information"): a ping
 * frame every 20 s; a connection that has not answered a ping with a pong carrying the ping's
 * payload within a minute is closed (an unsolicited pong does not count); every connection is
 * closed at the 24 hour mark. The three durations are {@link Settings}; a sweep every 50 ms applies
 * them.
 */
@ApplicationScoped
public class Keepalive {

    static final long SWEEP_MS = 50;

    @Inject
    Vertx vertx;

    @Inject
    StreamServer server;

    @Inject
    Settings settings;

    @Inject
    Stats stats;

    void start(@Observes StartupEvent event) {
        vertx.setPeriodic(SWEEP_MS, id -> sweep(System.currentTimeMillis()));
    }

    void sweep(long now) {
        for (MarketConnection c : server.connections()) {
            if (c.closing) {
                continue;
            }
            if (now - c.connectedAt >= settings.connectionLifetimeMs()) {
                server.close(c, Stats.LIFETIME, 1001, "connection lifetime reached");
                continue;
            }
            synchronized (c) {
                if (c.unansweredSince > 0 && now - c.unansweredSince >= settings.pongTimeoutMs()) {
                    server.close(c, Stats.PONG_TIMEOUT, 1001, "no pong within " + settings.pongTimeoutMs() + " ms");
                    continue;
                }
                if (now - c.lastPingAt >= settings.pingIntervalMs()) {
                    long number = ++c.pings;
                    c.lastPingAt = now;
                    if (c.outstandingPings.isEmpty()) {
                        c.unansweredSince = now;
                    }
                    c.outstandingPings.put(number, now);
                    c.socket.writePing(Buffer.buffer(Long.toString(number)));
                    stats.pingSent();
                }
            }
        }
    }

    /**
     * A pong carrying an outstanding ping's payload answers that ping and the ones before it; the
     * oldest ping still unanswered, if any, is what the timeout runs from. Any other pong is unsolicited.
     */
    static void onPong(MarketConnection c, String payload, Stats stats) {
        boolean answers;
        synchronized (c) {
            Long number = parse(payload);
            answers = number != null && c.outstandingPings.containsKey(number);
            if (answers) {
                c.outstandingPings.headMap(number, true).clear();
                c.unansweredSince = c.outstandingPings.isEmpty()
                        ? 0
                        : c.outstandingPings.firstEntry().getValue();
            }
        }
        stats.pongReceived(answers);
    }

    private static Long parse(String payload) {
        try {
            return Long.parseLong(payload);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
