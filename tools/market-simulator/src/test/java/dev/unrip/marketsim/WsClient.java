package dev.unrip.marketsim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/**
 * A WebSocket client written on a plain socket (RFC 6455), so that a test decides what the usual
 * clients decide for it: whether pings are answered ({@code autoPong}), and what the upgrade's
 * HTTP status was. Keeps every text frame it receives, and the pings.
 */
final class WsClient implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    final List<String> texts = new CopyOnWriteArrayList<>();
    final List<String> pings = new CopyOnWriteArrayList<>();
    /** The close frame's code (1005 without one), or -1 when the connection ended without a close frame. */
    final CompletableFuture<Integer> closed = new CompletableFuture<>();

    volatile boolean autoPong;
    final int status;
    private final Socket socket;
    private final OutputStream out;

    private WsClient(Socket socket, int status, boolean autoPong) throws IOException {
        this.socket = socket;
        this.status = status;
        this.autoPong = autoPong;
        this.out = socket.getOutputStream();
    }

    /** Connects to {@code ws://host:port/path?query}; when the upgrade is refused, {@link #status} says how. */
    static WsClient connect(URI uri, boolean autoPong) {
        try {
            Socket socket = new Socket(uri.getHost(), uri.getPort());
            String key = Base64.getEncoder().encodeToString(RANDOM.generateSeed(16));
            String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            socket.getOutputStream()
                    .write(("GET " + target + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key
                                    + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            DataInputStream in = new DataInputStream(socket.getInputStream());
            String head = readHead(in);
            int status = Integer.parseInt(head.split(" ")[1]);
            WsClient client = new WsClient(socket, status, autoPong);
            if (status == 101) {
                Thread reader = new Thread(() -> client.read(in), "ws-client-reader");
                reader.setDaemon(true);
                reader.start();
            } else {
                socket.close();
                client.closed.complete(-1);
            }
            return client;
        } catch (IOException e) {
            throw new IllegalStateException(uri + ": " + e.getMessage(), e);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed during the upgrade: " + head);
            }
            head.append((char) b);
        }
        return head.toString();
    }

    private void read(DataInputStream in) {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        try {
            while (true) {
                int b0 = in.readUnsignedByte();
                int b1 = in.readUnsignedByte();
                long length = b1 & 0x7f;
                if (length == 126) {
                    length = in.readUnsignedShort();
                } else if (length == 127) {
                    length = in.readLong();
                }
                byte[] payload = new byte[(int) length];
                in.readFully(payload);
                int opcode = b0 & 0x0f;
                boolean fin = (b0 & 0x80) != 0;
                switch (opcode) {
                    case 0x0, 0x1 -> {
                        message.write(payload);
                        if (fin) {
                            texts.add(message.toString(StandardCharsets.UTF_8));
                            message.reset();
                        }
                    }
                    case 0x8 -> {
                        int code = payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
                        closed.complete(code);
                        try {
                            send(0x8, payload);
                        } catch (IOException e) {
                            // the server may have closed the socket already
                        }
                        socket.close();
                        return;
                    }
                    case 0x9 -> {
                        pings.add(new String(payload, StandardCharsets.UTF_8));
                        if (autoPong) {
                            send(0xA, payload);
                        }
                    }
                    default -> {
                        // pong, binary: not kept
                    }
                }
            }
        } catch (IOException e) {
            closed.complete(-1);
        }
    }

    void send(String text) {
        try {
            send(0x1, text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("send: " + e.getMessage(), e);
        }
    }

    void ping(String payload) throws IOException {
        send(0x9, payload.getBytes(StandardCharsets.UTF_8));
    }

    void pong(String payload) throws IOException {
        send(0xA, payload.getBytes(StandardCharsets.UTF_8));
    }

    /** One masked frame, as a client must send. */
    private synchronized void send(int opcode, byte[] payload) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write(0x80 | opcode);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else {
            frame.write(0x80 | 126);
            frame.write(payload.length >> 8);
            frame.write(payload.length & 0xff);
        }
        byte[] mask = new byte[4];
        RANDOM.nextBytes(mask);
        frame.write(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        out.write(frame.toByteArray());
        out.flush();
    }

    /** The received text frames as JSON, in order. */
    List<JsonNode> frames() {
        return texts.stream().map(WsClient::parse).toList();
    }

    /** Waits for the first received frame that matches. */
    JsonNode await(Predicate<JsonNode> match) {
        return Awaitility.await()
                .atMost(WAIT)
                .until(() -> frames().stream().filter(match).findFirst().orElse(null), f -> f != null);
    }

    /** Waits for the first frame that matches among those received after the first {@code from}. */
    JsonNode awaitAfter(int from, Predicate<JsonNode> match) {
        return Awaitility.await()
                .atMost(WAIT)
                .until(
                        () -> frames().stream()
                                .skip(from)
                                .filter(match)
                                .findFirst()
                                .orElse(null),
                        f -> f != null);
    }

    /** Waits until {@code count} frames match, and returns them. */
    List<JsonNode> await(Predicate<JsonNode> match, int count) {
        return Awaitility.await()
                .atMost(WAIT)
                .until(() -> frames().stream().filter(match).toList(), l -> l.size() >= count);
    }

    /** The answer to the request with this id (a number). */
    JsonNode answer(long id) {
        return await(f -> f.path("id").isNumber() && f.path("id").asLong() == id);
    }

    /** Sends a request and waits for its answer. */
    JsonNode call(long id, String method, String params) {
        send("{\"method\":\"" + method + "\"," + (params == null ? "" : "\"params\":" + params + ",") + "\"id\":" + id
                + "}");
        return answer(id);
    }

    boolean isClosed() {
        return closed.isDone();
    }

    static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            return JSON.createObjectNode().put("unparsable", text);
        }
    }

    @Override
    public void close() {
        try {
            if (!closed.isDone()) {
                send(0x8, new byte[] {0x03, (byte) 0xe8});
            }
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
