package dev.unrip.marketsim;

import io.netty.channel.Channel;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * One client connection: its socket, its streams (in subscription order), whether payloads are
 * wrapped (combined), its recent incoming messages (the rate limit) and its ping state.
 */
final class MarketConnection {

    final long number;
    final ServerWebSocket socket;
    /** The TCP channel under the socket (Vert.x internals), to close without a close frame; null if unavailable. */
    final Channel channel;

    final long connectedAt;
    volatile boolean combined;
    volatile boolean closing;

    private final LinkedHashSet<String> streams = new LinkedHashSet<>();
    private volatile List<String> streamList = List.of();
    private final ArrayDeque<Long> recentMessages = new ArrayDeque<>();

    // Ping state, touched by the keepalive sweep and the pong handler.
    long lastPingAt;
    long unansweredSince;
    long pings;
    /** Pings not answered yet: number (the ping's payload) to when it was sent. */
    final TreeMap<Long, Long> outstandingPings = new TreeMap<>();

    // A text message arriving in several frames.
    Buffer partialText;

    MarketConnection(long number, ServerWebSocket socket, Channel channel, boolean combined, long now) {
        this.number = number;
        this.socket = socket;
        this.channel = channel;
        this.combined = combined;
        this.connectedAt = now;
        this.lastPingAt = now;
    }

    /**
     * Counts one incoming message (ping, pong, or a whole text/binary message); false when it is one
     * too many for the last second.
     */
    synchronized boolean admit(long now, int perSecond) {
        while (!recentMessages.isEmpty() && now - recentMessages.peekFirst() >= 1000) {
            recentMessages.pollFirst();
        }
        if (recentMessages.size() >= perSecond) {
            return false;
        }
        recentMessages.addLast(now);
        return true;
    }

    /** Adds the streams, all or none: false (nothing added) when that would exceed {@code max}. */
    synchronized boolean subscribe(List<String> names, int max) {
        Set<String> after = new LinkedHashSet<>(streams);
        after.addAll(names);
        if (after.size() > max) {
            return false;
        }
        streams.clear();
        streams.addAll(after);
        streamList = List.copyOf(streams);
        return true;
    }

    synchronized void unsubscribe(List<String> names) {
        names.forEach(streams::remove);
        streamList = List.copyOf(streams);
    }

    /** The streams in subscription order (an immutable copy, for the publisher). */
    List<String> streams() {
        return streamList;
    }

    synchronized ArrayList<String> listSubscriptions() {
        return new ArrayList<>(streams);
    }

    /** Sends one text frame, never fragmented; false when the socket is closing or the client is not reading. */
    boolean send(String frame) {
        if (closing || socket.isClosed()) {
            return false;
        }
        if (socket.writeQueueFull()) {
            return false;
        }
        socket.writeFrame(WebSocketFrame.textFrame(frame, true));
        return true;
    }
}
