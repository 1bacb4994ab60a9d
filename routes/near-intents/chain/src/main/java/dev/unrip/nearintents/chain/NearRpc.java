package dev.unrip.nearintents.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unrip.nearintents.chain.RpcError.Kind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A NEAR JSON-RPC client for contract views: {@code query} with {@code request_type:
 * call_function}, args as base64 JSON, the answer's {@code result.result} a byte array. Several
 * endpoints (NEAR_RPC_URLS) in order of preference: a call starts at the last one that answered and
 * moves on when an endpoint times out, is unavailable, rate-limits (HTTP 429: it is then skipped for
 * an exponential backoff, at least its Retry-After) or answers malformed. The chain's own answers
 * (a contract or handler error) end the call: another node would say the same. Every failure is an
 * {@link RpcError} with its kind; a call never yields a value from an answer it could not read.
 */
public final class NearRpc {

    /** What one contract view answered: the return value's bytes (UTF-8 JSON), the block, and the exact body. */
    public record View(
            byte[] value, long blockHeight, String blockHash, String endpoint, byte[] body, Duration latency) {

        /** The return value as JSON; MALFORMED when the bytes are not JSON. */
        public JsonNode json() throws RpcError {
            try {
                return JSON.readTree(value);
            } catch (IOException e) {
                throw new RpcError(Kind.MALFORMED, endpoint, "the result bytes are not JSON: " + e.getMessage(), body);
            }
        }
    }

    /** Told about every attempt: the endpoint's label, the view, the failure's kind (null: answered), how long it took. */
    @FunctionalInterface
    public interface Observer {
        void attempt(String endpoint, String method, Kind failure, Duration latency);
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long BACKOFF_START_MS = 500;
    private static final long BACKOFF_MAX_MS = 30_000;

    private final List<Endpoint> endpoints;
    private final Duration timeout;
    private final String finality;
    private final HttpClient http;
    private final Observer observer;
    private final AtomicLong ids = new AtomicLong();
    private volatile int preferred;

    /**
     * @param urls the endpoints, in order of preference (at least one)
     * @param timeout per attempt, connection included
     * @param finality {@code final} (settled blocks) or {@code optimistic}
     */
    public NearRpc(List<URI> urls, Duration timeout, String finality, Observer observer) {
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("no NEAR RPC endpoint configured (NEAR_RPC_URLS)");
        }
        if (!finality.equals("final") && !finality.equals("optimistic")) {
            throw new IllegalArgumentException("finality is final or optimistic, not '" + finality + "'");
        }
        this.endpoints = urls.stream().map(Endpoint::new).toList();
        this.timeout = timeout;
        this.finality = finality;
        this.observer = observer;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** Parses a comma-separated list of URLs (NEAR_RPC_URLS); blanks are skipped. */
    public static List<URI> urls(String commaSeparated) {
        List<URI> out = new ArrayList<>();
        for (String part : commaSeparated.split(",")) {
            if (!part.isBlank()) {
                out.add(URI.create(part.strip()));
            }
        }
        return out;
    }

    /** The endpoints' labels (host, port and path; never a query string, where providers put API keys). */
    public List<String> endpoints() {
        return endpoints.stream().map(e -> e.label).toList();
    }

    /** Calls a view of {@code contract} over the endpoints in turn. */
    public View call(String contract, String method, JsonNode args) throws RpcError {
        long now = System.currentTimeMillis();
        RpcError last = null;
        int start = preferred;
        for (int i = 0; i < endpoints.size(); i++) {
            int index = (start + i) % endpoints.size();
            Endpoint e = endpoints.get(index);
            if (e.backoffUntil > now) {
                last = new RpcError(
                        Kind.RATE_LIMITED, e.label, "backing off after HTTP 429 for " + (e.backoffUntil - now) + " ms");
                continue;
            }
            try {
                View view = attempt(e, contract, method, args);
                e.backoffMs = 0;
                preferred = index;
                return view;
            } catch (RpcError error) {
                if (!error.kind().transient_()) {
                    throw error;
                }
                last = error;
            }
        }
        throw last;
    }

    /** One endpoint, once. */
    public View attempt(int endpoint, String contract, String method, JsonNode args) throws RpcError {
        return attempt(endpoints.get(endpoint), contract, method, args);
    }

    private View attempt(Endpoint e, String contract, String method, JsonNode args) throws RpcError {
        String id = "unrip-" + ids.incrementAndGet();
        long t0 = System.nanoTime();
        Kind failure = null;
        try {
            HttpResponse<byte[]> response = http.send(
                    HttpRequest.newBuilder(e.uri)
                            .timeout(timeout)
                            .header("content-type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(request(id, contract, method, args)))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() == 429) {
                e.rateLimited(response.headers().firstValue("retry-after").orElse(null));
                throw new RpcError(Kind.RATE_LIMITED, e.label, "HTTP 429, backing off " + e.backoffMs + " ms");
            }
            if (response.statusCode() != 200) {
                // Nodes answer a request they refuse with HTTP 400 and a JSON-RPC error: that is
                // their answer (classified), not an endpoint that is down.
                Optional<RpcError> refusal = RpcAnswer.refusal(response.body(), e.label);
                if (refusal.isPresent()) {
                    throw refusal.get();
                }
                throw new RpcError(Kind.UNAVAILABLE, e.label, "HTTP " + response.statusCode());
            }
            return RpcAnswer.read(id, response.body(), e.label, Duration.ofNanos(System.nanoTime() - t0));
        } catch (RpcError error) {
            failure = error.kind();
            throw error;
        } catch (HttpTimeoutException ex) {
            failure = Kind.TIMEOUT;
            throw new RpcError(Kind.TIMEOUT, e.label, "no answer within " + timeout.toMillis() + " ms");
        } catch (ConnectException ex) {
            failure = Kind.UNAVAILABLE;
            throw new RpcError(Kind.UNAVAILABLE, e.label, "cannot connect: " + ex);
        } catch (IOException ex) {
            failure = Kind.UNAVAILABLE;
            throw new RpcError(Kind.UNAVAILABLE, e.label, ex.toString());
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            failure = Kind.TIMEOUT;
            throw new RpcError(Kind.TIMEOUT, e.label, "interrupted");
        } finally {
            if (observer != null) {
                observer.attempt(e.label, method, failure, Duration.ofNanos(System.nanoTime() - t0));
            }
        }
    }

    private String request(String id, String contract, String method, JsonNode args) {
        ObjectNode body = JSON.createObjectNode();
        body.put("jsonrpc", "2.0");
        body.put("id", id);
        body.put("method", "query");
        ObjectNode params = body.putObject("params");
        params.put("request_type", "call_function");
        params.put("finality", finality);
        params.put("account_id", contract);
        params.put("method_name", method);
        params.put(
                "args_base64",
                Base64.getEncoder().encodeToString(args.toString().getBytes(StandardCharsets.UTF_8)));
        return body.toString();
    }

    /** One endpoint and its 429 backoff. */
    private static final class Endpoint {
        final URI uri;
        final String label;
        volatile long backoffMs;
        volatile long backoffUntil;

        Endpoint(URI uri) {
            this.uri = uri;
            this.label = uri.getHost()
                    + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                    + (uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath());
        }

        void rateLimited(String retryAfter) {
            long next = backoffMs == 0 ? BACKOFF_START_MS : Math.min(BACKOFF_MAX_MS, backoffMs * 2);
            try {
                next = retryAfter == null ? next : Math.max(next, Long.parseLong(retryAfter.strip()) * 1000);
            } catch (NumberFormatException ignored) {
                // an HTTP date: the exponential backoff stands
            }
            backoffMs = Math.min(BACKOFF_MAX_MS, next);
            backoffUntil = System.currentTimeMillis() + backoffMs;
        }
    }
}
