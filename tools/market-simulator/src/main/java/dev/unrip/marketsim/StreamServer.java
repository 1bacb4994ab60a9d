package dev.unrip.marketsim;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The stream side, as Binance documents it (web-socket-streams.md, "General WSS information",
 * "WebSocket Limits"): raw streams at {@code /ws/<streamName>} (payloads bare; {@code /ws} alone
 * for streams subscribed later), combined streams at {@code /stream?streams=<a>/<b>} (payloads
 * wrapped {@code {"stream":...,"data":...}}). A connection may send at most 5 messages (ping, pong
 * or text) per second, or it is disconnected (close code 1008, "Too many requests", as Binance
 * closes it), and may listen to at most 1024 streams. Text messages are answered by {@link Requests}.
 */
@ApplicationScoped
public class StreamServer {

    private static final Logger LOG = Logger.getLogger(StreamServer.class);

    private final Settings settings;
    private final Stats stats;
    private final Set<MarketConnection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicLong numbers = new AtomicLong();

    @Inject
    StreamServer(Settings settings, Stats stats, MeterRegistry registry) {
        this.settings = settings;
        this.stats = stats;
        registry.gauge("market_sim_connections", connections, Set::size);
    }

    void register(@Observes Router router) {
        router.route("/ws/*").handler(rc -> upgrade(rc, pathStreams(rc.request().path()), false));
        router.route("/stream/*")
                .handler(rc -> upgrade(rc, queryStreams(rc.queryParams().get("streams")), true));
        LOG.info("market simulator: raw streams at /ws/<stream>, combined at /stream?streams=<a>/<b>");
    }

    private static List<String> pathStreams(String path) {
        String rest = path.length() > "/ws/".length() ? path.substring("/ws/".length()) : "";
        return split(URLDecoder.decode(rest.replace("+", "%2B"), StandardCharsets.UTF_8));
    }

    private static List<String> queryStreams(String streams) {
        return streams == null ? List.of() : split(streams);
    }

    private static List<String> split(String streams) {
        return Arrays.stream(streams.split("/")).filter(s -> !s.isEmpty()).toList();
    }

    private void upgrade(RoutingContext rc, List<String> streams, boolean combined) {
        String refusal = streams.stream().allMatch(StreamName::wellFormed)
                ? (streams.size() > settings.maxStreams() ? "Invalid request: too many streams" : null)
                : "Invalid request: invalid stream";
        if (refusal != null) {
            rc.response()
                    .setStatusCode(400)
                    .putHeader("content-type", "application/json")
                    .end(Payloads.error(null, 2, refusal));
            return;
        }
        Channel channel = channelOf(rc.request().connection());
        rc.request()
                .toWebSocket()
                .onSuccess(socket -> accept(socket, channel, streams, combined))
                .onFailure(rc::fail);
    }

    private void accept(ServerWebSocket socket, Channel channel, List<String> streams, boolean combined) {
        MarketConnection c =
                new MarketConnection(numbers.incrementAndGet(), socket, channel, combined, System.currentTimeMillis());
        c.subscribe(streams, Integer.MAX_VALUE);
        connections.add(c);
        stats.count("connections_total");
        socket.frameHandler(frame -> onFrame(c, frame));
        socket.closeHandler(v -> {
            connections.remove(c);
            LOG.debugf("client #%d disconnected (%d connected)", c.number, connections.size());
        });
        socket.exceptionHandler(e -> LOG.debugf("client #%d: %s", c.number, e.getMessage()));
        LOG.debugf("client #%d connected from %s, streams %s", c.number, socket.remoteAddress(), streams);
    }

    private void onFrame(MarketConnection c, WebSocketFrame frame) {
        if (c.closing) {
            return;
        }
        boolean message = switch (frame.type()) {
            case PING, PONG -> true;
            case TEXT, BINARY, CONTINUATION -> frame.isFinal();
            default -> false;
        };
        if (message) {
            stats.count("messages_received");
            if (!c.admit(System.currentTimeMillis(), settings.maxMessagesPerSecond())) {
                close(c, Stats.RATE_LIMIT, 1008, "Too many requests");
                return;
            }
        }
        switch (frame.type()) {
            case PONG -> Keepalive.onPong(c, frame.binaryData().toString(StandardCharsets.UTF_8), stats);
            case TEXT -> text(c, Buffer.buffer().appendBuffer(frame.binaryData()), frame.isFinal());
            case CONTINUATION -> {
                if (c.partialText != null) {
                    text(c, c.partialText.appendBuffer(frame.binaryData()), frame.isFinal());
                }
            }
            default -> {
                // ping: Vert.x answers it with a pong; binary: not a request Binance reads
            }
        }
    }

    private void text(MarketConnection c, Buffer sofar, boolean last) {
        if (!last) {
            c.partialText = sofar;
            return;
        }
        c.partialText = null;
        String answer = Requests.answer(c, sofar.toString(StandardCharsets.UTF_8), settings.maxStreams());
        stats.count(answer.startsWith("{\"error\"") ? "errors_sent" : "answers_sent");
        c.send(answer);
    }

    /** Closes one connection on the simulator's initiative, with a close frame, counted under {@code reason}. */
    void close(MarketConnection c, String reason, int code, String text) {
        if (c.closing) {
            return;
        }
        c.closing = true;
        stats.forcedDisconnect(reason);
        LOG.infof("closing client #%d: %s", c.number, text);
        c.socket.close((short) code, text);
    }

    /**
     * Closes every connection now: with a close frame (1001) or abruptly (TCP close, no frame);
     * with {@code notice}, a serverShutdown event first. Returns how many.
     */
    int disconnectAll(boolean notice, boolean abrupt) {
        List<MarketConnection> all = new ArrayList<>(connections);
        for (MarketConnection c : all) {
            if (notice) {
                c.send(Payloads.serverShutdown(System.currentTimeMillis(), c.combined));
            }
            if (abrupt && c.channel != null && !c.closing) {
                c.closing = true;
                stats.forcedDisconnect(Stats.CONTROL);
                // Straight to the transport: a close through the pipeline would get a close frame sent first.
                Channel channel = c.channel;
                channel.eventLoop().execute(() -> channel.unsafe().close(channel.voidPromise()));
            } else {
                close(c, Stats.CONTROL, 1001, "disconnected by the market simulator");
            }
        }
        LOG.infof("disconnected %d client(s)%s", all.size(), abrupt ? " abruptly" : "");
        return all.size();
    }

    Set<MarketConnection> connections() {
        return connections;
    }

    private static Channel channelOf(HttpConnection connection) {
        // Vert.x internals: the only way to close a socket without a close frame.
        return connection instanceof ConnectionBase base ? base.channel() : null;
    }
}
