package dev.unrip.nearintents.ingest;

import dev.unrip.contracts.EventTime;
import dev.unrip.routes.common.RelaySockets;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.ProducerTemplate;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The connection to the NEAR Intents relay: connect, subscribe to quote and quote_status after
 * every connect, reconnect with exponential backoff and full jitter, and a ping/idle watchdog
 * that closes a silent socket. Each frame goes with its envelope headers to the route
 * {@code direct:ingestFrame} (ingest.camel.yaml), which classifies it and writes it byte for byte to
 * its raw topic, telling {@link RelaySubscriptions} the answers to our subscribe requests.
 *
 * <p>Java rather than the vertx-websocket component's consumeAsClient: in Camel 4.14 that client
 * reconnects at a fixed interval with no hook to resubscribe, and can hold overlapping sockets
 * after a slow handshake (CAMEL-25582, fixed in 4.24); subscriptions live per connection.
 */
@ApplicationScoped
public class RelayConnection {

    private static final Logger LOG = Logger.getLogger(RelayConnection.class);

    @Inject
    Vertx vertx;

    @Inject
    ProducerTemplate producer;

    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "near.relay.url")
    String relayUrl;

    @ConfigProperty(name = "near.relay.jwt")
    Optional<String> jwt;

    @Inject
    IngestConfig config;

    @Inject
    RelaySubscriptions subscriptions;

    private WebSocketClient client;
    private volatile WebSocket socket;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean paused = new AtomicBoolean();
    private volatile boolean running;
    private volatile long lastHeardAt;
    private volatile long disconnectedAt;
    private volatile boolean pingSent;
    private int attempt;
    private final AtomicLong connected = new AtomicLong();
    private final AtomicLong lastGapMs = new AtomicLong();

    void start(@Observes StartupEvent event) {
        running = true;
        if (config.socketMaxFrameBytes() < config.maxFrameBytes()) {
            throw new IllegalStateException("ingest.socket-max-frame-bytes (" + config.socketMaxFrameBytes()
                    + ") must be at least ingest.max-frame-bytes (" + config.maxFrameBytes() + ")");
        }
        // The socket takes frames (and messages) up to its own, higher limit, so that a frame above
        // ingest.max-frame-bytes arrives whole and is dead-lettered as oversized with the socket
        // kept open; only one above the socket limit makes Vert.x close the connection (1009).
        client = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxFrameSize(config.socketMaxFrameBytes())
                .setMaxMessageSize(config.socketMaxFrameBytes()));
        registry.gauge("unrip_ingest_connected", connected);
        registry.gauge("unrip_ingest_last_gap_ms", lastGapMs);
        long check = Math.max(250, config.idleTimeoutMs() / 4);
        vertx.setPeriodic(check, id -> watchdog());
        connect();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        WebSocket ws = socket;
        if (ws != null) {
            ws.close();
        }
    }

    public boolean isConnected() {
        return connected.get() == 1;
    }

    /** The relay's address without any query string (which could carry a token). */
    public String url() {
        int query = relayUrl.indexOf('?');
        return query < 0 ? relayUrl : relayUrl.substring(0, query);
    }

    /** 0 while connected; otherwise how long since the last connection ended (or since start). */
    public long disconnectedForMs() {
        if (isConnected()) {
            return 0;
        }
        return disconnectedAt == 0 ? -1 : System.currentTimeMillis() - disconnectedAt;
    }

    private void connect() {
        if (!running) {
            return;
        }
        WebSocketConnectOptions options = RelaySockets.connectOptions(relayUrl, jwt, 5000);
        client.connect(options).onSuccess(this::onConnected).onFailure(e -> {
            LOG.warnf("cannot connect to the relay at %s: %s", relayUrl, e.getMessage());
            registry.counter("unrip_ingest_connect_failures_total").increment();
            scheduleReconnect();
        });
    }

    private void onConnected(WebSocket ws) {
        socket = ws;
        paused.set(false);
        attempt = 0;
        lastHeardAt = System.currentTimeMillis();
        pingSent = false;
        connected.set(1);
        registry.counter("unrip_ingest_connects_total").increment();
        if (disconnectedAt > 0) {
            long gap = System.currentTimeMillis() - disconnectedAt;
            lastGapMs.set(gap);
            registry.counter("unrip_ingest_gaps_total").increment();
            registry.timer("unrip_ingest_gap").record(java.time.Duration.ofMillis(gap));
            LOG.infof("reconnected to the relay after a gap of %d ms", gap);
        } else {
            LOG.infof("connected to the relay at %s", relayUrl);
        }
        ws.textMessageHandler(this::onFrame);
        ws.pongHandler(b -> heard());
        ws.closeHandler(v -> onClosed(ws));
        ws.exceptionHandler(e -> {
            LOG.warnf("relay socket error: %s", e.getMessage());
            registry.counter(
                            "unrip_ingest_socket_errors_total",
                            "error",
                            e.getClass().getSimpleName())
                    .increment();
        });
        // Subscription ids live for one connection: subscribe again after every connect.
        subscriptions.subscribe(ws::writeTextMessage);
    }

    private void onClosed(WebSocket ws) {
        if (socket != ws) {
            return;
        }
        socket = null;
        connected.set(0);
        disconnectedAt = System.currentTimeMillis();
        registry.counter("unrip_ingest_disconnects_total").increment();
        LOG.warn("relay connection closed");
        scheduleReconnect();
    }

    /** Exponential backoff with full jitter: uniform in [0, min(max, initial * 2^attempt)]. */
    private void scheduleReconnect() {
        if (!running) {
            return;
        }
        long ceiling = Math.min(config.backoff().maxMs(), config.backoff().initialMs() << Math.min(attempt, 20));
        long delay = Math.max(50, ThreadLocalRandom.current().nextLong(ceiling + 1));
        attempt++;
        vertx.setTimer(delay, id -> connect());
    }

    /** No frame and no pong for the idle timeout: ping; still nothing after another: close. */
    private void watchdog() {
        WebSocket ws = socket;
        if (ws == null) {
            return;
        }
        long silent = System.currentTimeMillis() - lastHeardAt;
        if (silent > 2 * config.idleTimeoutMs()) {
            LOG.warnf("relay silent for %d ms: closing the socket", silent);
            registry.counter("unrip_ingest_watchdog_closes_total").increment();
            ws.close();
        } else if (silent > config.idleTimeoutMs() && !pingSent) {
            pingSent = true;
            ws.writePing(Buffer.buffer("unrip"));
        }
    }

    private void heard() {
        lastHeardAt = System.currentTimeMillis();
        pingSent = false;
    }

    /**
     * Hands a frame to the route with the envelope headers that do not depend on what it is; the
     * route classifies it. A frame above ingest.max-frame-bytes is passed on as its first bytes
     * and its size (unrip_frame_bytes), never parsed.
     */
    private void onFrame(String text) {
        heard();
        String ingestedAt = EventTime.now();
        byte[] frame = text.getBytes(StandardCharsets.UTF_8);
        // The relay stamps nothing: the frame's arrival is both when the venue said it and when we got it.
        Map<String, Object> headers = RawFrames.envelope(ingestedAt, ingestedAt);
        byte[] body = frame;
        if (frame.length > config.maxFrameBytes()) {
            body = Arrays.copyOf(frame, Math.min(frame.length, config.oversizedKeptBytes()));
            headers.put("unrip_frame_bytes", Integer.toString(frame.length));
        }
        inFlight(+1);
        producer.asyncRequestBodyAndHeaders("direct:ingestFrame", body, headers).whenComplete((done, e) -> {
            inFlight(-1);
            if (e != null) {
                // The route's dead-letter path failed too (broker gone past the producer's retries): say so loudly.
                LOG.errorf("a frame of %d bytes could not be written: %s", frame.length, e.getMessage());
                registry.counter("unrip_ingest_frames_lost_total").increment();
            }
        });
    }

    /**
     * Frames handed to the route and not yet written (or dead-lettered): at ingest.max-frames-in-flight
     * the socket stops reading (TCP backpressure to the relay; nothing is dropped) until half of
     * them are done, so a burst cannot hold every frame in memory at once.
     */
    private void inFlight(int delta) {
        int now = inFlight.addAndGet(delta);
        WebSocket ws = socket;
        if (ws == null) {
            return;
        }
        if (delta > 0 && now >= config.maxFramesInFlight() && paused.compareAndSet(false, true)) {
            ws.pause();
            registry.counter("unrip_ingest_backpressure_pauses_total").increment();
        } else if (delta < 0 && now <= config.maxFramesInFlight() / 2 && paused.compareAndSet(true, false)) {
            ws.resume();
        }
    }
}
