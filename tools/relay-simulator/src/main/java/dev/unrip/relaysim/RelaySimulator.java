package dev.unrip.relaysim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unrip.nearintents.protocol.QuoteResponse;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The NEAR Intents solver relay, simulated: WebSocket {@code /ws} (JSON-RPC 2.0) and an HTTP
 * control API under {@code /control} for tests and operators (see README.md beside the pom).
 */
@ApplicationScoped
public class RelaySimulator {

    private static final Logger LOG = Logger.getLogger(RelaySimulator.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[][] PAIRS = {
            {"nep141:wrap.near", "nep141:usdt.tether-token.near", "1000000000000000000000000"},
            {"nep141:usdt.tether-token.near", "nep141:wrap.near", "5000000"},
            {"nep141:eth.omft.near", "nep141:usdt.tether-token.near", "10000000000000000"},
            {"nep141:wrap.near", "nep141:eth.omft.near", "250000000000000000000000"},
            {"nep141:17208628f84f5d6ad33f0da3bbbeb27ffcb398eac501a31bd6ad2011e36133a1", "nep141:wrap.near", "1000000"},
    };

    /** One connected solver: its socket and its subscriptions (id → topic). */
    record Client(ServerWebSocket socket, Map<String, String> subscriptions) {
        String subscriptionFor(String topic) {
            return subscriptions.entrySet().stream().filter(e -> e.getValue().equals(topic)).map(Map.Entry::getKey).findFirst().orElse(null);
        }
    }

    /** One quote_response received. */
    record Response(String quoteId, String nonceHex, String publicKey, String outcome, String receivedAt) {
    }

    @Inject
    Vertx vertx;
    @ConfigProperty(name = "sim.rate")
    double rate;
    @ConfigProperty(name = "sim.seed")
    long seed;
    @ConfigProperty(name = "sim.settle-ratio")
    double settleRatio;

    private final Set<Client> clients = ConcurrentHashMap.newKeySet();
    private final Set<String> pushedQuotes = ConcurrentHashMap.newKeySet();
    private final Map<String, List<Response>> byNonce = new ConcurrentHashMap<>();
    private final List<Response> responses = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();
    private Random random;

    void init(@Observes Router router) {
        random = new Random(seed);
        router.route("/ws").handler(rc -> rc.request().toWebSocket().onSuccess(this::accept).onFailure(rc::fail));
        router.route("/control/*").handler(BodyHandler.create());
        router.post("/control/quotes").handler(this::scheduleQuotes);
        router.get("/control/quotes").handler(rc -> json(rc, Map.of("quotes_pushed", count("quotes_pushed"))));
        router.post("/control/frames").handler(this::sendFrame);
        router.post("/control/drop").handler(rc -> json(rc, Map.of("dropped", drop())));
        router.get("/control/stats").handler(rc -> json(rc, stats()));
        router.get("/control/responses").handler(rc -> json(rc, new ArrayList<>(responses)));
        router.get("/control/nonces/:hex").handler(this::nonce);
        router.post("/control/reset").handler(rc -> {
            counters.clear();
            responses.clear();
            byNonce.clear();
            json(rc, Map.of("reset", true));
        });
        if (rate > 0) {
            vertx.setPeriodic(Math.max(1, (long) (1000 / rate)), id -> pushQuote("B"));
            LOG.infof("pushing %.1f quote requests per second", rate);
        }
    }

    private void accept(ServerWebSocket socket) {
        Client client = new Client(socket, new ConcurrentHashMap<>());
        clients.add(client);
        count("connects_total");
        socket.textMessageHandler(text -> onMessage(client, text));
        socket.closeHandler(v -> clients.remove(client));
    }

    private void onMessage(Client client, String text) {
        JsonNode request;
        try {
            request = JSON.readTree(text);
        } catch (Exception e) {
            client.socket().writeTextMessage(error(null, -32700, "parse error"));
            return;
        }
        JsonNode id = request.path("id");
        switch (request.path("method").asText()) {
            case "subscribe" -> {
                String topic = request.path("params").path(0).asText();
                if (!topic.equals("quote") && !topic.equals("quote_status")) {
                    client.socket().writeTextMessage(error(id, -32602, "unknown subscription " + topic));
                    return;
                }
                String subscription = UUID.randomUUID().toString();
                client.subscriptions().put(subscription, topic);
                client.socket().writeTextMessage(result(id, subscription));
            }
            case "unsubscribe" -> {
                client.subscriptions().remove(request.path("params").path(0).asText());
                client.socket().writeTextMessage(result(id, "OK"));
            }
            case "quote_response" -> client.socket().writeTextMessage(quoteResponse(id, text));
            default -> client.socket().writeTextMessage(error(id, -32601, "method not found"));
        }
    }

    private synchronized String quoteResponse(JsonNode id, String text) {
        count("responses_received");
        QuoteResponse.VerifiedQuote quote;
        try {
            quote = QuoteResponse.verify(text);
        } catch (IllegalArgumentException e) {
            return error(id, -32602, e.getMessage());
        }
        String nonceHex = HexFormat.of().formatHex(quote.nonce());
        String key = quote.publicKey() + "|" + nonceHex;
        List<Response> sameNonce = byNonce.computeIfAbsent(key, k -> new ArrayList<>());
        String outcome;
        if (!quote.signatureValid()) {
            outcome = "invalid signature";
            count("rejected_bad_signature");
        } else if (sameNonce.stream().anyMatch(r -> r.outcome().equals("OK"))) {
            outcome = "nonce already used";
            count("rejected_nonce_reused");
        } else if (!pushedQuotes.contains(quote.quoteId())) {
            outcome = "unknown quote";
            count("rejected_unknown_quote");
        } else if (quote.deadline().isBefore(Instant.now())) {
            outcome = "expired";
            count("rejected_expired");
        } else {
            outcome = "OK";
            count("responses_accepted");
        }
        Response response = new Response(quote.quoteId(), nonceHex, quote.publicKey(), outcome, Instant.now().toString());
        sameNonce.add(response);
        responses.add(response);
        if (outcome.equals("OK") && settleRatio > 0 && random.nextDouble() < settleRatio) {
            broadcast("quote_status", Map.of("quote_hash", quote.quoteHash(), "intent_hash", UUID.randomUUID().toString(),
                    "tx_hash", UUID.randomUUID().toString()), "B");
        }
        return outcome.equals("OK") ? result(id, "OK") : error(id, -32000, outcome);
    }

    private void scheduleQuotes(RoutingContext rc) {
        JsonNode body = rc.body().asJsonObject() == null ? JSON.createObjectNode() : readBody(rc);
        int n = body.path("count").asInt(1);
        double perSecond = body.path("rate").asDouble(100);
        String envelope = body.path("envelope").asText("B");
        long interval = Math.max(1, (long) (1000 / perSecond));
        AtomicLong left = new AtomicLong(n);
        if (n > 0) {
            vertx.setPeriodic(0, interval, timer -> {
                pushQuote(envelope);
                if (left.decrementAndGet() <= 0) {
                    vertx.cancelTimer(timer);
                }
            });
        }
        json(rc, Map.of("scheduled", n));
    }

    private void pushQuote(String envelope) {
        String[] pair;
        boolean exactIn;
        String amount;
        synchronized (this) {
            pair = PAIRS[random.nextInt(PAIRS.length)];
            exactIn = random.nextInt(4) != 0;
            amount = exactIn ? pair[2] : "1000000";
        }
        String quoteId = UUID.randomUUID().toString();
        ObjectNode data = JSON.createObjectNode();
        data.put("quote_id", quoteId);
        data.put("defuse_asset_identifier_in", pair[0]);
        data.put("defuse_asset_identifier_out", pair[1]);
        data.put(exactIn ? "exact_amount_in" : "exact_amount_out", amount);
        data.put("min_deadline_ms", 60000);
        pushedQuotes.add(quoteId);
        count("quotes_pushed");
        broadcast("quote", data, envelope);
    }

    private void broadcast(String topic, Object data, String envelope) {
        for (Client client : clients) {
            String subscription = client.subscriptionFor(topic);
            if (subscription == null) {
                continue;
            }
            ObjectNode params = JSON.createObjectNode();
            params.put("subscription", subscription);
            ObjectNode frame = JSON.createObjectNode();
            frame.put("jsonrpc", "2.0");
            if ("A".equals(envelope)) {
                frame.put("method", "subscribe");
                params.setAll((ObjectNode) JSON.valueToTree(data));
            } else {
                frame.put("method", "event");
                params.set("data", JSON.valueToTree(data));
                params.putObject("metadata").put("partner_id", "sim");
            }
            frame.set("params", params);
            client.socket().writeTextMessage(frame.toString());
        }
    }

    private void sendFrame(RoutingContext rc) {
        String text = rc.body().asString();
        clients.forEach(c -> c.socket().writeTextMessage(text));
        json(rc, Map.of("sent_to", clients.size()));
    }

    private int drop() {
        int n = clients.size();
        clients.forEach(c -> c.socket().close());
        clients.clear();
        return n;
    }

    private void nonce(RoutingContext rc) {
        String hex = rc.pathParam("hex").toLowerCase();
        List<Response> seen = responses.stream().filter(r -> r.nonceHex().equals(hex)).toList();
        ObjectNode out = JSON.createObjectNode();
        out.put("used", seen.stream().anyMatch(r -> r.outcome().equals("OK")));
        out.put("count", seen.size());
        out.put("quote_id", seen.isEmpty() ? null : seen.get(0).quoteId());
        out.put("outcome", seen.isEmpty() ? null : seen.get(0).outcome());
        json(rc, out);
    }

    private Map<String, Object> stats() {
        Map<String, Object> stats = new java.util.TreeMap<>();
        for (String name : List.of("connects_total", "quotes_pushed", "responses_received", "responses_accepted",
                "rejected_bad_signature", "rejected_nonce_reused", "rejected_unknown_quote", "rejected_expired")) {
            stats.put(name, count(name, 0));
        }
        stats.put("connections", clients.size());
        stats.put("subscriptions_quote", clients.stream().filter(c -> c.subscriptionFor("quote") != null).count());
        stats.put("subscriptions_quote_status", clients.stream().filter(c -> c.subscriptionFor("quote_status") != null).count());
        stats.put("max_responses_per_nonce", byNonce.values().stream().mapToInt(List::size).max().orElse(0));
        return stats;
    }

    private long count(String name) {
        return counters.computeIfAbsent(name, k -> new AtomicLong()).incrementAndGet();
    }

    private long count(String name, int add) {
        return counters.computeIfAbsent(name, k -> new AtomicLong()).addAndGet(add);
    }

    private static JsonNode readBody(RoutingContext rc) {
        try {
            return JSON.readTree(rc.body().asString());
        } catch (Exception e) {
            return JSON.createObjectNode();
        }
    }

    private static void json(RoutingContext rc, Object body) {
        try {
            rc.response().putHeader("content-type", "application/json").end(JSON.writeValueAsString(body));
        } catch (Exception e) {
            rc.fail(e);
        }
    }

    private static String result(JsonNode id, String result) {
        ObjectNode out = JSON.createObjectNode().put("jsonrpc", "2.0");
        out.set("id", id);
        out.put("result", result);
        return out.toString();
    }

    private static String error(JsonNode id, int code, String message) {
        ObjectNode out = JSON.createObjectNode().put("jsonrpc", "2.0");
        out.set("id", id);
        out.putObject("error").put("code", code).put("message", message);
        return out.toString();
    }

}
