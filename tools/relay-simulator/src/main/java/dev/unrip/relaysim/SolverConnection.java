package dev.unrip.relaysim;

import io.netty.channel.Channel;
import io.vertx.core.http.ServerWebSocket;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One connected solver: its socket, its subscriptions (id → topic) and whether it is being ignored. */
final class SolverConnection {

    final long number;
    final ServerWebSocket socket;
    /** The TCP channel under the socket (Vert.x internals); null if unavailable. */
    final Channel channel;

    final Map<String, String> subscriptions = new ConcurrentHashMap<>();
    volatile long silentUntil;

    SolverConnection(long number, ServerWebSocket socket, Channel channel) {
        this.number = number;
        this.socket = socket;
        this.channel = channel;
    }

    boolean silent() {
        return System.currentTimeMillis() < silentUntil;
    }

    /** Stops reading (so pings go unanswered) until {@link #resumeReading}. */
    void stopReading() {
        if (channel != null) {
            channel.config().setAutoRead(false);
        }
    }

    void resumeReading() {
        if (channel != null && channel.isOpen()) {
            channel.config().setAutoRead(true);
            channel.read();
        }
    }
}
