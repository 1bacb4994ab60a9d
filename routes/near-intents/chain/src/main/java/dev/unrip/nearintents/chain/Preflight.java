package dev.unrip.nearintents.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unrip.nearintents.protocol.SolverKey;
import java.io.PrintStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Before going live (make preflight): one table of what live mode depends on, each line green or red
 * with what was seen: the relay reachable and our JWT accepted (a subscribe answered), each RPC
 * endpoint's latency (current_salt), the contract's current salt, the signer key registered for the
 * solver account (has_public_key), and each configured token's balance. Red on any line: exit 1,
 * naming the lines. Secrets are used, never printed: the key shows as its public half.
 */
public final class Preflight {

    /** What to check; the JWT and the signer key are optional (their lines say so). */
    public record Settings(
            URI relay,
            Optional<String> jwt,
            List<URI> rpcUrls,
            String contract,
            String accountId,
            Optional<String> signerKey,
            List<String> tokens,
            Duration timeout) {}

    /** One line of the table. */
    public record Line(String check, boolean ok, String detail) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private Preflight() {}

    /** Runs every check and prints the table; returns the exit status (0 all green, 1 a red line). */
    public static int run(Settings s, PrintStream out) {
        List<Line> lines = check(s);
        int width = lines.stream().mapToInt(l -> l.check().length()).max().orElse(10);
        out.printf("%-" + width + "s  %-5s  %s%n", "check", "", "seen");
        for (Line l : lines) {
            out.printf("%-" + width + "s  %-5s  %s%n", l.check(), l.ok() ? "ok" : "RED", l.detail());
        }
        List<String> red = lines.stream().filter(l -> !l.ok()).map(Line::check).toList();
        if (red.isEmpty()) {
            out.println("preflight: green, " + lines.size() + " checks");
            return 0;
        }
        out.println("preflight: RED on " + String.join(", ", red));
        return 1;
    }

    public static List<Line> check(Settings s) {
        List<Line> lines = new ArrayList<>();
        lines.add(relay(s));
        if (s.rpcUrls().isEmpty()) {
            lines.add(new Line("rpc", false, "no endpoint configured (NEAR_RPC_URLS)"));
            return lines;
        }
        IntentsContract contract =
                new IntentsContract(new NearRpc(s.rpcUrls(), s.timeout(), "final", null), s.contract());
        List<String> labels = contract.rpc().endpoints();
        for (int i = 0; i < labels.size(); i++) {
            long t0 = System.nanoTime();
            try {
                IntentsContract.Salt salt = contract.currentSalt(i);
                lines.add(new Line(
                        "rpc " + labels.get(i),
                        true,
                        ms(t0) + " ms (current_salt at block " + salt.blockHeight() + ")"));
            } catch (RpcError e) {
                lines.add(new Line("rpc " + labels.get(i), false, e.getMessage() + " after " + ms(t0) + " ms"));
            }
        }
        try {
            IntentsContract.Salt salt = contract.currentSalt();
            lines.add(new Line("current salt", true, salt.hex() + " (" + s.contract() + ")"));
        } catch (RpcError e) {
            lines.add(new Line("current salt", false, e.getMessage()));
        }
        lines.add(key(s, contract));
        if (!s.tokens().isEmpty()) {
            try {
                IntentsContract.Balances balances = contract.balances(s.accountId(), s.tokens());
                for (int i = 0; i < s.tokens().size(); i++) {
                    BigInteger amount = balances.amounts().get(i);
                    lines.add(new Line("balance " + s.tokens().get(i), true, amount.toString()));
                }
            } catch (RpcError e) {
                lines.add(new Line("balances", false, e.getMessage()));
            }
        }
        return lines;
    }

    private static Line key(Settings s, IntentsContract contract) {
        if (s.signerKey().isEmpty()) {
            return new Line("signer key", false, "NEAR_SIGNER_KEY is not set");
        }
        String publicKey;
        try {
            publicKey = SolverKey.fromNearSecretKey(s.signerKey().get()).publicKey();
        } catch (IllegalArgumentException e) {
            return new Line("signer key", false, "NEAR_SIGNER_KEY is not a NEAR ed25519 secret key: " + e.getMessage());
        }
        try {
            boolean registered = contract.hasPublicKey(s.accountId(), publicKey);
            return new Line(
                    "signer key",
                    registered,
                    publicKey + (registered ? " is registered for " : " is NOT registered for ") + s.accountId());
        } catch (RpcError e) {
            return new Line("signer key", false, "has_public_key cannot be asked: " + e.getMessage());
        }
    }

    /** Connects (with the JWT as a bearer token when set) and subscribes to quote: an answer means reachable and accepted. */
    private static Line relay(Settings s) {
        String auth = s.jwt().isPresent() ? "JWT accepted" : "no JWT configured (NEAR_RELAY_JWT)";
        long t0 = System.nanoTime();
        CompletableFuture<String> answer = new CompletableFuture<>();
        WebSocket ws = null;
        try {
            WebSocket.Builder builder =
                    HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(s.timeout());
            if (s.jwt().isPresent()) {
                builder.header("Authorization", "Bearer " + s.jwt().get());
            }
            ws = builder.buildAsync(s.relay(), new WebSocket.Listener() {
                        private final StringBuilder text = new StringBuilder();

                        @Override
                        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                            text.append(data);
                            if (last) {
                                answer.complete(text.toString());
                                text.setLength(0);
                            }
                            socket.request(1);
                            return null;
                        }
                    })
                    .get(s.timeout().toMillis(), TimeUnit.MILLISECONDS);
            ws.sendText("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"subscribe\",\"params\":[\"quote\"]}", true);
            JsonNode reply = JSON.readTree(answer.get(s.timeout().toMillis(), TimeUnit.MILLISECONDS));
            if (reply.has("result")) {
                return new Line("relay", true, s.relay() + " subscribed in " + ms(t0) + " ms, " + auth);
            }
            return new Line("relay", false, s.relay() + " refused the subscription: " + reply.path("error"));
        } catch (TimeoutException e) {
            return new Line(
                    "relay",
                    false,
                    s.relay() + ": no answer within " + s.timeout().toMillis() + " ms");
        } catch (Exception e) {
            Throwable cause = e instanceof CompletionException || e.getCause() != null ? e.getCause() : e;
            if (cause instanceof WebSocketHandshakeException h) {
                int status = h.getResponse().statusCode();
                return new Line(
                        "relay",
                        false,
                        s.relay() + " refused the connection: HTTP " + status
                                + (status == 401 || status == 403 ? " (the JWT was not accepted)" : ""));
            }
            return new Line("relay", false, s.relay() + " unreachable: " + (cause == null ? e : cause));
        } finally {
            if (ws != null) {
                ws.abort();
            }
        }
    }

    private static long ms(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0).toMillis();
    }
}
