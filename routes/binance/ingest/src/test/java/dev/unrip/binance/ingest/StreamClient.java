package dev.unrip.binance.ingest;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/** A test's own client of the stream server (the JDK's WebSocket): what the server sends on one combined stream. */
final class StreamClient {

    private final URI uri;

    StreamClient(String wsUrl, String stream) {
        this.uri = URI.create(wsUrl + "/stream?streams=" + stream);
    }

    /** The first {@code count} text frames, exactly as received. */
    List<String> collect(int count, Duration within) {
        List<String> frames = new CopyOnWriteArrayList<>();
        WebSocket ws = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .buildAsync(uri, new WebSocket.Listener() {
                    private StringBuilder part = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                        part.append(data);
                        if (last) {
                            frames.add(part.toString());
                            part = new StringBuilder();
                        }
                        socket.request(1);
                        return null;
                    }
                })
                .join();
        try {
            await().atMost(within).until(() -> frames.size() >= count);
        } finally {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }
        return new ArrayList<>(frames.subList(0, count));
    }
}
