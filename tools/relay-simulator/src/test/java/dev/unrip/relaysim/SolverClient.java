package dev.unrip.relaysim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/** A solver on the other end of /ws (the JDK WebSocket client): keeps every frame it receives. */
final class SolverClient implements WebSocket.Listener, AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    final List<JsonNode> frames = new CopyOnWriteArrayList<>();
    final List<String> rawFrames = new CopyOnWriteArrayList<>();
    final AtomicInteger pongs = new AtomicInteger();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private final AtomicInteger ids = new AtomicInteger(100);
    private WebSocket socket;

    static SolverClient connect(URI ws, String bearerToken) {
        SolverClient client = new SolverClient();
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
        if (bearerToken != null) {
            builder.header("Authorization", "Bearer " + bearerToken);
        }
        client.socket = builder.buildAsync(ws, client).join();
        return client;
    }

    static SolverClient connect(URI ws) {
        return connect(ws, null);
    }

    /** Sends a request and waits for the answer with the same id. */
    JsonNode call(String method, String paramsJson) {
        int id = ids.incrementAndGet();
        send("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + paramsJson + "}");
        return answer(id);
    }

    JsonNode answer(long id) {
        return awaitFrame(f -> f.path("id").isNumber() && f.path("id").asLong() == id);
    }

    /** Subscribes and returns the subscription id. */
    String subscribe(String topic) {
        return call("subscribe", "[\"" + topic + "\"]").path("result").asText();
    }

    void send(String text) {
        socket.sendText(text, true).join();
    }

    void ping() {
        socket.sendPing(ByteBuffer.wrap(new byte[] {1})).join();
    }

    JsonNode awaitFrame(Predicate<JsonNode> match) {
        return Awaitility.await()
                .atMost(WAIT)
                .until(() -> frames.stream().filter(match).findFirst().orElse(null), f -> f != null);
    }

    List<JsonNode> events(String method) {
        return frames.stream()
                .filter(f -> method.equals(f.path("method").asText()))
                .toList();
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String text = partial.toString();
            partial.setLength(0);
            rawFrames.add(text);
            try {
                frames.add(JSON.readTree(text));
            } catch (Exception e) {
                frames.add(JSON.createObjectNode().put("unparsable", text));
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
        pongs.incrementAndGet();
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(-1);
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        socket.abort();
    }
}
