package dev.unrip.marketsim;

import static dev.unrip.marketsim.HttpJson.body;
import static dev.unrip.marketsim.HttpJson.json;
import static dev.unrip.marketsim.HttpJson.problem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.function.BiConsumer;
import org.jboss.logging.Logger;

/** The books' side of the control API: {@code /control/books/...} (README.md lists each call). */
@ApplicationScoped
public class BookControl {

    private static final Logger LOG = Logger.getLogger(BookControl.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Books books;

    void list(RoutingContext rc) {
        ArrayNode out = JSON.createArrayNode();
        books.all().forEach(b -> out.add(describe(b, 0)));
        json(rc, 200, JSON.createObjectNode().set("books", out));
    }

    void show(RoutingContext rc) {
        withBook(rc, (book, body) -> {
            String levels = rc.queryParams().get("levels");
            int n = levels == null ? book.levels() : parseInt(levels);
            if (n < 1) {
                json(rc, 400, problem("?levels=N with N >= 1"));
                return;
            }
            json(rc, 200, describe(book, n));
        });
    }

    /** {"percent":5}: the mid times 1.05 (from -99 to 1000). */
    void jump(RoutingContext rc) {
        withBook(rc, (book, body) -> {
            JsonNode percent = body.get("percent");
            if (percent == null || !percent.isNumber() || percent.asDouble() <= -99 || percent.asDouble() > 1000) {
                json(rc, 400, problem("{\"percent\":P} with -99 < P <= 1000"));
                return;
            }
            BigDecimal[] mids = book.jump(percent.asDouble());
            LOG.infof("%s jumped %s%% to %s", book.spec.symbol(), percent.asText(), mids[1]);
            ObjectNode out = describe(book, 0);
            out.put("percent", percent.asDouble());
            out.put("mid_before", mids[0].toPlainString());
            out.put("mid_after", mids[1].toPlainString());
            json(rc, 200, out);
        });
    }

    /** {"mid":"3.25"} (a string or a number). */
    void mid(RoutingContext rc) {
        withBook(rc, (book, body) -> {
            double mid;
            try {
                mid = new BigDecimal(body.path("mid").asText()).doubleValue();
            } catch (NumberFormatException e) {
                mid = -1;
            }
            if (mid <= 0) {
                json(rc, 400, problem("{\"mid\":\"<a positive decimal>\"}"));
                return;
            }
            book.setMid(mid);
            json(rc, 200, describe(book, 0));
        });
    }

    /** {"ms":3000}: no frames of this book for that long (0 resumes). */
    void silence(RoutingContext rc) {
        withBook(rc, (book, body) -> {
            long ms = body.path("ms").isIntegralNumber() ? body.path("ms").asLong() : -1;
            if (ms < 0 || ms > 86_400_000) {
                json(rc, 400, problem("{\"ms\":N} with 0 <= N <= 86400000 (0 resumes)"));
                return;
            }
            book.silenceUntil(ms == 0 ? 0 : System.currentTimeMillis() + ms);
            LOG.infof("%s silent for %d ms", book.spec.symbol(), ms);
            json(rc, 200, describe(book, 0));
        });
    }

    void resume(RoutingContext rc) {
        withBook(rc, (book, body) -> {
            book.silenceUntil(0);
            json(rc, 200, describe(book, 0));
        });
    }

    /** {"ticks":2}: the best ask that many ticks below the best bid, until /normal. */
    void crossed(RoutingContext rc) {
        withBook(rc, (book, body) -> {
            int ticks = body.has("ticks") ? intOf(body.get("ticks")) : 2;
            if (ticks < 1 || ticks > 1000) {
                json(rc, 400, problem("{\"ticks\":N} with 1 <= N <= 1000 (default 2)"));
                return;
            }
            book.cross(ticks);
            json(rc, 200, describe(book, 0));
        });
    }

    /** {"levels":2,"notional":5}: that many levels per side, each worth that much quote asset, until /normal. */
    void thin(RoutingContext rc) {
        withBook(rc, (book, body) -> {
            int levels = body.has("levels") ? intOf(body.get("levels")) : 2;
            double notional = body.has("notional") ? body.path("notional").asDouble(-1) : 5;
            if (levels < 1 || levels > book.levels() || notional <= 0) {
                json(rc, 400, problem("{\"levels\":N,\"notional\":Q} with 1 <= N <= " + book.levels() + ", Q > 0"));
                return;
            }
            book.thin(levels, notional);
            json(rc, 200, describe(book, 0));
        });
    }

    /** Ends /crossed and /thin. */
    void normal(RoutingContext rc) {
        withBook(rc, (book, body) -> {
            book.normal();
            json(rc, 200, describe(book, 0));
        });
    }

    private void withBook(RoutingContext rc, BiConsumer<Book, JsonNode> action) {
        Book book = books.get(rc.pathParam("symbol"));
        if (book == null) {
            json(
                    rc,
                    404,
                    problem("no book " + rc.pathParam("symbol") + "; there are "
                            + books.all().stream().map(b -> b.spec.symbol()).toList()));
            return;
        }
        JsonNode body = body(rc, JSON.createObjectNode());
        if (body == null) {
            json(rc, 400, problem("the body is not a JSON object"));
            return;
        }
        action.accept(book, body);
    }

    /** The book's state, and its best {@code levels} levels per side (none when 0). */
    private static ObjectNode describe(Book book, int levels) {
        BookSnapshot snapshot = book.snapshot(Math.max(1, levels));
        ObjectNode out = JSON.createObjectNode();
        out.put("symbol", book.spec.symbol());
        out.put("mid", snapshot.mid().toPlainString());
        out.put("tick_size", book.spec.tick().toPlainString());
        out.put("lastUpdateId", snapshot.lastUpdateId());
        out.put("best_bid", snapshot.bestBid().price());
        out.put("best_ask", snapshot.bestAsk().price());
        long silentUntil = book.silentUntil();
        out.put("silent", book.silent(System.currentTimeMillis()));
        out.put(
                "silent_until",
                silentUntil == 0 ? null : Instant.ofEpochMilli(silentUntil).toString());
        out.put("crossed", book.crossed());
        out.put("thin", book.thin());
        if (levels > 0) {
            out.set("bids", levelsOf(snapshot.bids()));
            out.set("asks", levelsOf(snapshot.asks()));
        }
        return out;
    }

    private static ArrayNode levelsOf(java.util.List<BookSnapshot.Level> levels) {
        ArrayNode out = JSON.createArrayNode();
        levels.forEach(l -> out.addArray().add(l.price()).add(l.qty()));
        return out;
    }

    private static int intOf(JsonNode node) {
        return node != null && node.isIntegralNumber() && node.canConvertToInt() ? node.asInt() : -1;
    }

    private static int parseInt(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
