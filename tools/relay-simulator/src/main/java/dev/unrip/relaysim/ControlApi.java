package dev.unrip.relaysim;

import static dev.unrip.relaysim.HttpJson.body;
import static dev.unrip.relaysim.HttpJson.json;
import static dev.unrip.relaysim.HttpJson.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/** The HTTP control API under {@code /control}, for tests and operators (README.md lists it). */
@ApplicationScoped
public class ControlApi {

    private static final Logger LOG = Logger.getLogger(ControlApi.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern HEX_NONCE = Pattern.compile("[0-9a-fA-F]{64}");
    private static final int LISTED_QUOTE_IDS = 1000;

    @Inject
    RelayServer server;

    @Inject
    QuotePusher pusher;

    @Inject
    Ledger ledger;

    @Inject
    PushedQuotes pushed;

    @Inject
    Settlement settlement;

    @Inject
    Chain chain;

    @Inject
    RpcServer rpc;

    void register(@Observes Router router) {
        // 32 MiB: /control/frames must be able to push frames above any client's frame limit.
        router.route("/control/*").handler(BodyHandler.create().setBodyLimit(32 << 20));
        router.post("/control/quotes").handler(this::pushQuotes);
        router.get("/control/quotes").handler(rc -> json(rc, 200, quotes()));
        router.delete("/control/quotes")
                .handler(rc -> json(rc, 200, JSON.createObjectNode().put("cancelled", pusher.cancel())));
        router.post("/control/frames").handler(this::frames);
        router.post("/control/drop")
                .handler(rc -> json(
                        rc,
                        200,
                        JSON.createObjectNode()
                                .put(
                                        "dropped",
                                        server.drop(
                                                "abrupt".equals(rc.queryParams().get("mode"))))));
        router.post("/control/silence").handler(this::silence);
        router.get("/control/stats").handler(rc -> json(rc, 200, stats()));
        router.get("/control/responses").handler(rc -> json(rc, 200, ledger.responses()));
        router.get("/control/nonces/:nonce").handler(this::nonce);
        router.get("/control/quote-status/:quoteId")
                .handler(rc -> json(rc, 200, ledger.quoteStatus(rc.pathParam("quoteId"))));
        router.post("/control/settle/:quoteId").handler(this::settle);
        router.post("/control/reset").handler(rc -> {
            ledger.reset();
            chain.reset();
            rpc.reset();
            LOG.info("stats, records, used nonces and balances reset");
            json(rc, 200, JSON.createObjectNode().put("reset", true));
        });
    }

    /** {"count":N,"rate":R,"envelope":"A"|"B","overrides":{...}} → the quote_ids that will be pushed. */
    private void pushQuotes(RoutingContext rc) {
        JsonNode body = body(rc, JSON.createObjectNode());
        if (body == null) {
            json(rc, 400, problem("the body is not JSON"));
            return;
        }
        long count = body.path("count").asLong(1);
        double rate = body.path("rate").asDouble(100);
        String envelope = body.path("envelope").asText("").toUpperCase();
        if (count < 0
                || count > 10_000_000
                || !(envelope.isEmpty() || envelope.equals("A") || envelope.equals("B"))
                || (body.has("overrides") && !body.path("overrides").isObject())) {
            json(rc, 400, problem("count is 0..10000000, envelope A or B, overrides an object"));
            return;
        }
        ObjectNode overrides = body.has("overrides") ? (ObjectNode) body.get("overrides") : null;
        QuotePusher.Job job = pusher.push(count, rate, envelope.isEmpty() ? null : envelope, overrides);
        ObjectNode out = JSON.createObjectNode();
        out.put("scheduled", count);
        out.put("rate", rate);
        out.put("envelope", job.envelope);
        out.put("first_sequence", job.first);
        out.put("first_quote_id", count == 0 ? null : pusher.quoteId(job.first));
        out.put("last_quote_id", count == 0 ? null : pusher.quoteId(job.first + count - 1));
        if (count <= LISTED_QUOTE_IDS) {
            ArrayNode ids = out.putArray("quote_ids");
            for (long i = 0; i < count; i++) {
                ids.add(pusher.quoteId(job.first + i));
            }
        }
        LOG.infof("pushing %d quote request(s) at %s/s in envelope %s", count, rate <= 0 ? "max" : rate, job.envelope);
        json(rc, 200, out);
    }

    private ObjectNode quotes() {
        ObjectNode out = JSON.createObjectNode();
        out.put("quotes_pushed", ledger.counter("quotes_pushed"));
        out.put("quote_frames_sent", ledger.counter("quote_frames_sent"));
        out.put("pending", pusher.pending());
        out.put("jobs", pusher.jobs());
        return out;
    }

    /** The body verbatim as one frame to every subscribed client; a quote_id in it counts as pushed by us. */
    private void frames(RoutingContext rc) {
        String frame = rc.body().asString();
        if (frame == null || frame.isEmpty()) {
            json(rc, 400, problem("the body is the frame; it is empty"));
            return;
        }
        try {
            JsonNode params = JSON.readTree(frame).path("params");
            JsonNode data = params.path("data").path("quote_id").isTextual() ? params.path("data") : params;
            if (data.path("quote_id").isTextual()) {
                pushed.pushed(data.path("quote_id").asText(), data);
            }
        } catch (JsonProcessingException e) {
            // a malformed frame on purpose: sent as is
        }
        json(rc, 200, JSON.createObjectNode().put("sent_to", server.sendToSubscribers(frame)));
    }

    private void silence(RoutingContext rc) {
        String ms = rc.queryParams().get("ms");
        long millis;
        try {
            millis = Long.parseLong(ms);
        } catch (NumberFormatException e) {
            millis = -1;
        }
        if (millis < 0 || millis > 3_600_000) {
            json(rc, 400, problem("?ms=N with 0 <= N <= 3600000 (0 ends a silence)"));
            return;
        }
        boolean newConnections = "true".equals(rc.queryParams().get("all"));
        long until = server.silence(millis, newConnections);
        ObjectNode out = JSON.createObjectNode();
        out.put("silent_ms", millis);
        out.put("silent_until", Instant.ofEpochMilli(until).toString());
        out.put("connections", server.connectionCount());
        out.put("new_connections_too", newConnections);
        json(rc, 200, out);
    }

    private void nonce(RoutingContext rc) {
        byte[] nonce = decodeNonce(rc.pathParam("nonce"));
        if (nonce == null) {
            json(rc, 400, problem("the nonce is 32 bytes as 64 hex digits or base64 / base64url"));
            return;
        }
        json(rc, 200, ledger.nonce(nonce, rc.queryParams().get("public_key")));
    }

    private void settle(RoutingContext rc) {
        Settlement.Result settled = settlement.settle(rc.pathParam("quoteId"));
        if (settled.notAccepted()) {
            json(rc, 404, problem("no accepted quote_response for this quote_id"));
        } else if (settled.nonceUsed()) {
            ObjectNode out = problem("nonce already used on chain");
            out.put("quote_id", settled.accepted().quoteId());
            out.put("account_id", settled.accepted().signerId());
            out.put("nonce_hex", settled.accepted().nonceHex());
            json(rc, 409, out);
        } else {
            json(rc, 200, settled.status());
        }
    }

    private ObjectNode stats() {
        ObjectNode stats = ledger.stats();
        stats.put("connections", server.connectionCount());
        ObjectNode subscriptions = stats.putObject("subscriptions");
        subscriptions.put(RelayServer.QUOTE, server.subscriptions(RelayServer.QUOTE));
        subscriptions.put(RelayServer.QUOTE_STATUS, server.subscriptions(RelayServer.QUOTE_STATUS));
        // Flat names kept for existing callers (the trading loop test).
        stats.put("subscriptions_quote", subscriptions.path(RelayServer.QUOTE).asLong());
        stats.put(
                "subscriptions_quote_status",
                subscriptions.path(RelayServer.QUOTE_STATUS).asLong());
        stats.put("quotes_pending", pusher.pending());
        rpc.stats(stats);
        return stats;
    }

    static byte[] decodeNonce(String text) {
        if (text == null) {
            return null;
        }
        try {
            byte[] nonce = HEX_NONCE.matcher(text).matches()
                    ? HexFormat.of().parseHex(text.toLowerCase())
                    : Base64.getDecoder().decode(pad(text.replace('-', '+').replace('_', '/')));
            return nonce.length == 32 ? nonce : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String pad(String base64) {
        return base64 + "=".repeat((4 - base64.length() % 4) % 4);
    }
}
