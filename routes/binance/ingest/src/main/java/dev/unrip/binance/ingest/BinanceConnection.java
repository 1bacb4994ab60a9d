package dev.unrip.binance.ingest;

import dev.unrip.contracts.EventTime;
import dev.unrip.mapping.binance.BinanceMapping;
import dev.unrip.routes.common.RelaySockets;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.WebSocketFrameType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.CamelContext;
import org.jboss.logging.Logger;

/**
 * The connection to Binance's spot stream server: the combined-stream endpoint with the configured
 * streams in its address ({@code /stream?streams=<a>/<b>}), so that every connect subscribes anew
 * and no request of ours counts against the server's 5 messages a second; reconnect with
 * exponential backoff and full jitter after a close or an error (the server closes every
 * connection after 24 h, on maintenance, and for an unanswered ping); a watchdog that closes a
 * socket that has gone silent (no frame, no ping). The server's pings are answered by Vert.x itself
 * with a pong carrying the same payload (WebSocketImplBase.handleFrame, Vert.x 4.5); they are
 * counted here.
 *
 * <p>Each frame goes with its envelope headers to the route {@code direct:ingestBinanceFrame}
 * (ingest.camel.yaml), which classifies it and writes a depth frame byte for byte to
 * raw.binance.depth; {@link FrameHandOn} hands them on in arrival order, with backpressure.
 *
 * <p>Java rather than the vertx-websocket component's consumeAsClient, for the reasons of the NEAR
 * ingest's RelayConnection: a fixed reconnect interval without backoff or jitter, and overlapping
 * sockets after a slow handshake (CAMEL-25582, fixed in Camel 4.24).
 */
@ApplicationScoped
public class BinanceConnection {

    private static final Logger LOG = Logger.getLogger(BinanceConnection.class);
    private static final String METRIC = "unrip_binance_ingest_";

    @Inject
    Vertx vertx;

    @Inject
    CamelContext camel;

    @Inject
    MeterRegistry registry;

    @Inject
    BinanceConfig config;

    private WebSocketClient client;
    private FrameHandOn frames;
    private volatile WebSocket socket;
    private volatile boolean running;
    private volatile long lastHeardAt;
    private volatile long disconnectedAt;
    private int attempt;
    private final AtomicLong connected = new AtomicLong();
    private final AtomicLong lastGapMs = new AtomicLong();

    void start(@Observes StartupEvent event) throws Exception {
        for (String stream : config.streams()) {
            if (!BinanceMapping.isDepthStream(stream)) {
                throw new IllegalStateException(
                        "binance.streams: '" + stream
                                + "' is not a partial book depth stream (<symbol>@depth<5|10|20>[@100ms]); this ingest takes only those");
            }
        }
        running = true;
        frames = new FrameHandOn(
                camel, "direct:ingestBinanceFrame", registry, config.ingest().maxFramesInFlight(), () -> socket);
        client = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxFrameSize(config.ingest().maxFrameBytes())
                .setMaxMessageSize(config.ingest().maxFrameBytes()));
        registry.gauge(METRIC + "connected", connected);
        registry.gauge(METRIC + "last_gap_ms", lastGapMs);
        vertx.setPeriodic(Math.max(250, config.ingest().idleTimeoutMs() / 4), id -> watchdog());
        connect();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        WebSocket ws = socket;
        if (ws != null) {
            ws.close();
        }
        if (frames != null) {
            frames.stop();
        }
    }

    public boolean isConnected() {
        return connected.get() == 1;
    }

    /** The server's address without any query string. */
    public String url() {
        int query = config.ws().url().indexOf('?');
        return query < 0 ? config.ws().url() : config.ws().url().substring(0, query);
    }

    public List<String> streams() {
        return config.streams();
    }

    /** 0 while connected; otherwise how long since the last connection ended (-1: never connected). */
    public long disconnectedForMs() {
        if (isConnected()) {
            return 0;
        }
        return disconnectedAt == 0 ? -1 : System.currentTimeMillis() - disconnectedAt;
    }

    /** The combined-stream endpoint under the configured base: {@code <base path>/stream?streams=<a>/<b>}. */
    WebSocketConnectOptions connectOptions() {
        String base = url();
        String path = URI.create(base).getRawPath();
        path = path == null || path.isEmpty() || path.equals("/") ? "" : path.replaceAll("/+$", "");
        return RelaySockets.connectOptions(
                        base, Optional.empty(), (int) config.ingest().connectTimeoutMs())
                .setURI(path + "/stream?streams=" + String.join("/", config.streams()));
    }

    private void connect() {
        if (!running) {
            return;
        }
        client.connect(connectOptions()).onSuccess(this::onConnected).onFailure(e -> {
            LOG.warnf("cannot connect to the Binance streams at %s: %s", url(), e.getMessage());
            registry.counter(METRIC + "connect_failures_total").increment();
            scheduleReconnect();
        });
    }

    private void onConnected(WebSocket ws) {
        socket = ws;
        frames.connected();
        attempt = 0;
        lastHeardAt = System.currentTimeMillis();
        connected.set(1);
        registry.counter(METRIC + "connects_total").increment();
        if (disconnectedAt > 0) {
            long gap = System.currentTimeMillis() - disconnectedAt;
            lastGapMs.set(gap);
            registry.counter(METRIC + "reconnects_total").increment();
            registry.timer(METRIC + "gap").record(Duration.ofMillis(gap));
            LOG.infof("reconnected to the Binance streams after a gap of %d ms, streams %s", gap, config.streams());
        } else {
            LOG.infof("connected to the Binance streams at %s, streams %s", url(), config.streams());
        }
        ws.textMessageHandler(this::onFrame);
        ws.frameHandler(frame -> {
            if (frame.type() == WebSocketFrameType.PING) {
                // Vert.x has already answered it with a pong of the same payload.
                heard();
                registry.counter(METRIC + "pings_total").increment();
            }
        });
        ws.closeHandler(v -> onClosed(ws));
        ws.exceptionHandler(e -> {
            LOG.warnf("Binance socket error: %s", e.getMessage());
            registry.counter(
                            METRIC + "socket_errors_total",
                            "error",
                            e.getClass().getSimpleName())
                    .increment();
        });
    }

    private void onClosed(WebSocket ws) {
        if (socket != ws) {
            return;
        }
        socket = null;
        connected.set(0);
        disconnectedAt = System.currentTimeMillis();
        if (!running) {
            LOG.info("Binance connection closed: the ingest is stopping");
            return;
        }
        registry.counter(METRIC + "disconnects_total").increment();
        LOG.warnf("Binance connection closed (%s %s): reconnecting", ws.closeStatusCode(), ws.closeReason());
        scheduleReconnect();
    }

    /** Exponential backoff with full jitter: uniform in [0, min(max, initial * 2^attempt)], at least 50 ms. */
    private void scheduleReconnect() {
        if (!running) {
            return;
        }
        long ceiling = Math.min(
                config.ingest().backoff().maxMs(), config.ingest().backoff().initialMs() << Math.min(attempt, 20));
        long delay = Math.max(50, ThreadLocalRandom.current().nextLong(ceiling + 1));
        attempt++;
        vertx.setTimer(delay, id -> connect());
    }

    /** Neither a frame nor a ping for the idle timeout: the connection is dead though TCP may not know it. */
    private void watchdog() {
        WebSocket ws = socket;
        long silent = System.currentTimeMillis() - lastHeardAt;
        if (ws != null && silent > config.ingest().idleTimeoutMs()) {
            LOG.warnf("Binance streams silent for %d ms (no frame, no ping): closing the socket", silent);
            registry.counter(METRIC + "watchdog_closes_total").increment();
            ws.close();
        }
    }

    private void heard() {
        lastHeardAt = System.currentTimeMillis();
    }

    /** A frame: to the route, in arrival order, with the envelope headers that do not depend on what it is. */
    private void onFrame(String text) {
        heard();
        // Binance's partial depth frames carry no time: their arrival is when the venue said it and when we got it.
        String now = EventTime.now();
        frames.hand(text.getBytes(StandardCharsets.UTF_8), now, now);
    }
}
