package dev.unrip.nearintents.execute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unrip.routes.common.RelaySockets;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Live mode's line to the relay: one WebSocket, JSON-RPC requests matched to their answers by id.
 * Connects on demand. The sending side only: quote requests come in through the ingest.
 */
@ApplicationScoped
public class RelayClient {

    /**
     * What the relay said, or that it said nothing in time (then the outcome is in doubt); code is
     * the JSON-RPC error code of a refusal, null otherwise.
     */
    public record Answer(boolean answered, boolean ok, Integer code, String error) {}

    /** The request could not be sent at all: nothing reached the venue. */
    public static class NotSentException extends Exception {
        public NotSentException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final Logger LOG = Logger.getLogger(RelayClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Vertx vertx;

    @Inject
    NearConfig near;

    @Inject
    ExecutorConfig config;

    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong(System.currentTimeMillis());
    private WebSocketClient client;
    private volatile WebSocket socket;

    public long nextId() {
        return ids.incrementAndGet();
    }

    /**
     * A request on the wire, waiting for its answer. A batch sends all its requests first and then
     * waits for each, so the answer windows run side by side, not one after another.
     */
    public final class Call {
        private final long id;
        private final CompletableFuture<JsonNode> answer;
        private final Answer failed;
        private final long sentNanos = System.nanoTime();

        private Call(long id, CompletableFuture<JsonNode> answer, Answer failed) {
            this.id = id;
            this.answer = answer;
            this.failed = failed;
        }

        /** The relay's answer, or "no answer" once executor.answer-timeout-ms has passed since the send. */
        public Answer await() {
            if (failed != null) {
                return failed;
            }
            long leftNanos = TimeUnit.MILLISECONDS.toNanos(config.answerTimeoutMs()) - (System.nanoTime() - sentNanos);
            try {
                JsonNode reply = answer.get(Math.max(0, leftNanos), TimeUnit.NANOSECONDS);
                if (reply.has("error")) {
                    return new Answer(
                            true,
                            false,
                            reply.path("error").path("code").isInt()
                                    ? reply.path("error").path("code").asInt()
                                    : null,
                            reply.path("error")
                                    .path("message")
                                    .asText(reply.path("error").toString()));
                }
                return new Answer(
                        true,
                        "OK".equals(reply.path("result").asText()),
                        null,
                        reply.path("result").asText());
            } catch (Exception e) {
                return new Answer(false, false, null, "no answer within " + config.answerTimeoutMs() + " ms");
            } finally {
                pending.remove(id);
            }
        }
    }

    /** Writes one request; its answer is awaited with {@link Call#await()}. */
    public Call send(long id, String request) throws NotSentException {
        WebSocket ws = connected();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        try {
            ws.writeTextMessage(request)
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(2, TimeUnit.SECONDS);
            return new Call(id, answer, null);
        } catch (Exception e) {
            pending.remove(id);
            // A failed write may still have left bytes on the wire: the caller treats it as in doubt.
            return new Call(id, answer, new Answer(false, false, null, "write failed: " + e.getMessage()));
        }
    }

    private synchronized WebSocket connected() throws NotSentException {
        if (socket != null && !socket.isClosed()) {
            return socket;
        }
        if (client == null) {
            client = vertx.createWebSocketClient();
        }
        String relayUrl = near.relay().url();
        WebSocketConnectOptions options =
                RelaySockets.connectOptions(relayUrl, near.relay().jwt(), 5000);
        try {
            WebSocket ws = client.connect(options)
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(5, TimeUnit.SECONDS);
            ws.textMessageHandler(this::onMessage);
            ws.closeHandler(v -> LOG.info("relay connection closed"));
            socket = ws;
            LOG.infof("connected to the relay at %s", relayUrl);
            return ws;
        } catch (Exception e) {
            throw new NotSentException("cannot connect to the relay at " + relayUrl + ": " + e.getMessage(), e);
        }
    }

    private void onMessage(String text) {
        try {
            JsonNode message = JSON.readTree(text);
            if (message.has("id")) {
                CompletableFuture<JsonNode> waiting =
                        pending.get(message.path("id").asLong());
                if (waiting != null) {
                    waiting.complete(message);
                }
            }
        } catch (Exception e) {
            LOG.warnf("unreadable frame from the relay: %s", e.getMessage());
        }
    }

    @PreDestroy
    void close() {
        if (socket != null) {
            socket.close();
        }
    }
}
