package dev.unrip.relaysim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unrip.nearintents.protocol.QuoteResponse;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The relay's WebSocket side: {@code /ws}, JSON-RPC 2.0 text frames. Answers subscribe /
 * unsubscribe, hands quote_response to {@link QuoteResponses}, pushes events to subscribers, and on
 * command drops every connection or goes silent.
 */
@ApplicationScoped
public class RelayServer {

    public static final String QUOTE = "quote";
    public static final String QUOTE_STATUS = "quote_status";
    private static final Logger LOG = Logger.getLogger(RelayServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Vertx vertx;
    private final SimulatorConfig config;
    private final Ledger ledger;
    private final QuoteResponses quoteResponses;

    private final Set<SolverConnection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicLong connectionNumbers = new AtomicLong();
    private volatile long newConnectionsSilentUntil;

    @Inject
    RelayServer(
            Vertx vertx, SimulatorConfig config, Ledger ledger, QuoteResponses quoteResponses, MeterRegistry registry) {
        this.vertx = vertx;
        this.config = config;
        this.ledger = ledger;
        this.quoteResponses = quoteResponses;
        registry.gauge("relay_sim_connections", connections, Set::size);
    }

    void register(@Observes Router router) {
        router.route("/ws").handler(this::upgrade);
        LOG.infof(
                "relay simulator: WebSocket /ws, seed %d, envelope %s, settle ratio %.2f%s",
                config.seed(),
                config.envelope(),
                config.settleRatio(),
                config.requireAuth().isPresent() ? ", bearer token required" : "");
    }

    private void upgrade(RoutingContext rc) {
        if (config.requireAuth().isPresent()
                && !("Bearer " + config.requireAuth().get()).equals(rc.request().getHeader("Authorization"))) {
            ledger.count("auth_rejected");
            rc.response().setStatusCode(401).end("missing or wrong bearer token");
            return;
        }
        Channel channel = channelOf(rc.request().connection());
        rc.request().toWebSocket().onSuccess(socket -> accept(socket, channel)).onFailure(rc::fail);
    }

    private void accept(ServerWebSocket socket, Channel channel) {
        SolverConnection c = new SolverConnection(connectionNumbers.incrementAndGet(), socket, channel);
        connections.add(c);
        ledger.count("connects_total");
        socket.textMessageHandler(text -> onFrame(c, text));
        socket.closeHandler(v -> {
            connections.remove(c);
            LOG.infof("solver #%d disconnected (%d connected)", c.number, connections.size());
        });
        socket.exceptionHandler(e -> LOG.debugf("solver #%d: %s", c.number, e.getMessage()));
        long silentFor = newConnectionsSilentUntil - System.currentTimeMillis();
        if (silentFor > 0) {
            silence(c, silentFor);
        }
        LOG.infof("solver #%d connected from %s (%d connected)", c.number, socket.remoteAddress(), connections.size());
    }

    // JSON-RPC

    void onFrame(SolverConnection c, String text) {
        JsonNode request;
        try {
            request = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            send(c, error(NullNode.getInstance(), -32700, "parse error"));
            return;
        }
        if (request == null || !request.isObject() || !request.path("method").isTextual()) {
            send(
                    c,
                    error(
                            request != null && request.has("id") ? request.get("id") : NullNode.getInstance(),
                            -32600,
                            "invalid request"));
            return;
        }
        JsonNode id = request.has("id") ? request.get("id") : null; // no id: a notification, never answered
        String answer = switch (request.path("method").asText()) {
            case "subscribe" -> subscribe(c, id, request.path("params").path(0).asText());
            case "unsubscribe" ->
                unsubscribe(c, id, request.path("params").path(0).asText());
            // A response read while silent is judged, but its answer is lost: the venue took it, the solver never
            // hears.
            case QuoteResponse.METHOD -> quoteResponses.answer(id, request, !c.silent());
            default ->
                error(id, -32601, "method not found: " + request.path("method").asText());
        };
        if (id != null && answer != null) {
            send(c, answer);
        }
    }

    private String subscribe(SolverConnection c, JsonNode id, String topic) {
        if (!topic.equals(QUOTE) && !topic.equals(QUOTE_STATUS)) {
            return error(id, -32602, "unknown subscription topic: " + topic);
        }
        String subscription = UUID.randomUUID().toString();
        c.subscriptions.put(subscription, topic);
        LOG.debugf("solver #%d subscribed to %s as %s", c.number, topic, subscription);
        return result(id, subscription);
    }

    private String unsubscribe(SolverConnection c, JsonNode id, String subscription) {
        return c.subscriptions.remove(subscription) != null
                ? result(id, "OK")
                : error(id, -32602, "unknown subscription: " + subscription);
    }

    // Pushing

    /** Pushes one event to every subscription of the topic; returns how many frames were sent. */
    public int push(String topic, ObjectNode data, ObjectNode metadata, String envelope) {
        // One serialization of the payload, spliced into each subscriber's envelope.
        String body = data.toString().substring(1); // without its opening brace
        String meta = metadata == null || metadata.isEmpty() ? null : metadata.toString();
        boolean documentShape = "A".equalsIgnoreCase(envelope);
        int sent = 0;
        for (SolverConnection c : connections) {
            for (Map.Entry<String, String> s : c.subscriptions.entrySet()) {
                if (!s.getValue().equals(topic)) {
                    continue;
                }
                String frame = documentShape
                        ? "{\"jsonrpc\":\"2.0\",\"method\":\"subscribe\",\"params\":{\"subscription\":\"" + s.getKey()
                                + "\"," + body + "}"
                        : "{\"jsonrpc\":\"2.0\",\"method\":\"event\",\"params\":{\"subscription\":\"" + s.getKey()
                                + "\",\"data\":{" + body + (meta == null ? "" : ",\"metadata\":" + meta) + "}}";
                if (send(c, frame)) {
                    sent++;
                }
            }
        }
        return sent;
    }

    /** Sends one frame verbatim to every connection; returns to how many. */
    public int sendToSubscribers(String frame) {
        int sent = 0;
        for (SolverConnection c : connections) {
            // As the relay: events reach the connections that subscribed, not every socket (an
            // executor's socket that only sends quote responses gets answers, no events).
            if (!c.subscriptions.isEmpty() && send(c, frame)) {
                sent++;
            }
        }
        return sent;
    }

    private boolean send(SolverConnection c, String frame) {
        if (c.silent()) {
            ledger.count("frames_suppressed_silent");
            return false;
        }
        if (c.socket.isClosed()) {
            return false;
        }
        // One message, one frame, whatever its size, as the relay sends them (writeTextMessage would
        // split it into 64 KiB fragments, which hides a client's frame-size limit).
        c.socket.writeFrame(WebSocketFrame.textFrame(frame, true));
        return true;
    }

    // Faults

    /** Closes every connection: with a close frame (1001), or abruptly (TCP close, no close frame). */
    public int drop(boolean abrupt) {
        List<SolverConnection> all = new ArrayList<>(connections);
        for (SolverConnection c : all) {
            if (abrupt && c.channel != null) {
                c.channel.close();
            } else {
                c.socket.close((short) 1001, "dropped by the relay simulator");
            }
        }
        LOG.infof("dropped %d connection(s)%s", all.size(), abrupt ? " abruptly" : "");
        return all.size();
    }

    /**
     * Goes silent for {@code ms}: nothing is sent, nothing is read (pings go unanswered), on every
     * current connection, and on new ones too when {@code newConnections}. Afterwards what the
     * solvers sent meanwhile is read and answered.
     */
    public long silence(long ms, boolean newConnections) {
        long until = System.currentTimeMillis() + ms;
        if (newConnections) {
            newConnectionsSilentUntil = until;
        } else if (ms == 0) {
            newConnectionsSilentUntil = 0;
        }
        connections.forEach(c -> silence(c, ms));
        LOG.infof(
                "silent for %d ms on %d connection(s)%s",
                ms, connections.size(), newConnections ? " and new ones" : "");
        return until;
    }

    private void silence(SolverConnection c, long ms) {
        c.silentUntil = System.currentTimeMillis() + ms;
        if (ms <= 0) {
            c.resumeReading();
            return;
        }
        c.stopReading();
        vertx.setTimer(ms, t -> {
            if (!c.silent()) {
                c.resumeReading();
            }
        });
    }

    // Views

    public int connectionCount() {
        return connections.size();
    }

    public long subscriptions(String topic) {
        return connections.stream()
                .flatMap(c -> c.subscriptions.values().stream())
                .filter(topic::equals)
                .count();
    }

    private static Channel channelOf(HttpConnection connection) {
        // Vert.x internals: the only way to stop reading a socket (pings are answered before any handler sees them)
        // and to close one without a close frame.
        return connection instanceof ConnectionBase base ? base.channel() : null;
    }

    static String result(JsonNode id, String result) {
        ObjectNode out = JsonNodeFactory.instance.objectNode().put("jsonrpc", "2.0");
        out.set("id", id);
        out.put("result", result);
        return out.toString();
    }

    static String error(JsonNode id, int code, String message) {
        ObjectNode out = JsonNodeFactory.instance.objectNode().put("jsonrpc", "2.0");
        out.set("id", id == null ? NullNode.getInstance() : id);
        out.putObject("error").put("code", code).put("message", message);
        return out.toString();
    }
}
