package dev.unrip.marketsim;

import static dev.unrip.marketsim.HttpJson.body;
import static dev.unrip.marketsim.HttpJson.json;
import static dev.unrip.marketsim.HttpJson.problem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/** The HTTP control API under {@code /control}, for tests and operators (README.md lists it). */
@ApplicationScoped
public class ControlApi {

    private static final Logger LOG = Logger.getLogger(ControlApi.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    StreamServer server;

    @Inject
    BookControl bookControl;

    @Inject
    Books books;

    @Inject
    Settings settings;

    @Inject
    Stats stats;

    void register(@Observes Router router) {
        router.route("/control/*").handler(BodyHandler.create().setBodyLimit(1 << 20));
        router.get("/control/books").handler(bookControl::list);
        router.get("/control/books/:symbol").handler(bookControl::show);
        router.post("/control/books/:symbol/jump").handler(bookControl::jump);
        router.post("/control/books/:symbol/mid").handler(bookControl::mid);
        router.post("/control/books/:symbol/silence").handler(bookControl::silence);
        router.post("/control/books/:symbol/resume").handler(bookControl::resume);
        router.post("/control/books/:symbol/crossed").handler(bookControl::crossed);
        router.post("/control/books/:symbol/thin").handler(bookControl::thin);
        router.post("/control/books/:symbol/normal").handler(bookControl::normal);
        router.post("/control/disconnect").handler(this::disconnect);
        router.get("/control/stats").handler(rc -> json(rc, 200, stats()));
        router.get("/control/settings").handler(rc -> json(rc, 200, settings.toJson()));
        router.post("/control/settings").handler(this::changeSettings);
        router.post("/control/reset").handler(rc -> {
            books.reset();
            settings.reset();
            stats.reset();
            LOG.info("books, settings and stats reset");
            json(rc, 200, JSON.createObjectNode().put("reset", true));
        });
    }

    /** {"notice":true} sends a serverShutdown event first; {"abrupt":true} closes TCP without a close frame. */
    private void disconnect(RoutingContext rc) {
        JsonNode body = body(rc, JSON.createObjectNode());
        if (body == null) {
            json(rc, 400, problem("the body is not a JSON object"));
            return;
        }
        int n = server.disconnectAll(
                body.path("notice").asBoolean(false), body.path("abrupt").asBoolean(false));
        json(rc, 200, JSON.createObjectNode().put("disconnected", n));
    }

    private void changeSettings(RoutingContext rc) {
        JsonNode body = body(rc, JSON.createObjectNode());
        String refusal = body == null ? "the body is not a JSON object" : settings.apply(body);
        if (refusal != null) {
            json(rc, 400, problem(refusal));
            return;
        }
        LOG.infof("settings now %s", settings.toJson());
        json(rc, 200, settings.toJson());
    }

    private ObjectNode stats() {
        ObjectNode out = JSON.createObjectNode();
        out.put("connections", server.connections().size());
        Map<String, Long> subscriptions = new TreeMap<>();
        long total = 0;
        for (MarketConnection c : server.connections()) {
            for (String stream : c.streams()) {
                subscriptions.merge(stream, 1L, Long::sum);
                total++;
            }
        }
        out.put("subscriptions_total", total);
        ObjectNode perStream = out.putObject("subscriptions");
        subscriptions.forEach(perStream::put);
        out.setAll(stats.toJson());
        return out;
    }
}
