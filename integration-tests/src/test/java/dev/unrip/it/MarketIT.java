package dev.unrip.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unrip.contracts.RiskLimitsRecord;
import dev.unrip.routes.testing.SimulatorControl;
import dev.unrip.routes.testing.Topics;
import dev.unrip.tradingcontrol.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The market venue on the real stack: the market simulator's books through the Binance ingest and
 * normalizer into the reactor's memory, quotes priced from them (book-spread), the inventory and
 * risk limits over the control topic, and the trading state set as `make halt` / `make resume` set it.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class MarketIT extends LiveLoop {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String NEAR = "nep141:wrap.near";
    private static final String USDT = "nep141:usdt.tether-token.near";
    private static final String USDC = "nep141:17208628f84f5d6ad33f0da3bbbeb27ffcb398eac501a31bd6ad2011e36133a1";
    private static final String DEFAULT_LIMITS =
            "{\"max_notional_per_quote_usd\":\"25000\",\"max_notional_per_minute_usd\":\"50000000\","
                    + "\"max_quotes_per_second\":500}";
    /** The reactor on the book strategy: this test's only; the other tests' stack runs the default. */
    private static final Map<String, String> BOOK_STRATEGY = Map.of("REACTOR_STRATEGY", "book-spread");

    private static SimulatorControl market;

    @BeforeAll
    static void startEveryRouteGroupWithALiveExecutor() throws Exception {
        startEveryRouteGroup(Map.of(), "");
        restartReactor(BOOK_STRATEGY);
        market = new SimulatorControl("http://localhost:" + stack.config().httpPort("market-simulator"));
        market.post("/control/settings", "{\"volatility_bps\":0}");
        // Set up here, not inherited: the reference books fresh in the reactor (the Binance groups
        // may just have lived through another test's broker restart), then one priced quote
        // through the loop as the warm-up (random pairs could all be refused by the books).
        await().atMost(WAIT)
                .ignoreExceptions()
                .until(() -> metric("unrip_reactor_book_age_seconds", "instrument=\"NEARUSDT\"") < 2
                        && metric("unrip_reactor_book_age_seconds", "instrument=\"USDCUSDT\"") < 2);
        await().atMost(Duration.ofSeconds(120))
                .until(() -> quoteOutcome(USDT, USDC, "10000000").equals("command"));
    }

    @AfterAll
    static void restore() throws Exception {
        market.post("/control/reset", "{}");
        limits(DEFAULT_LIMITS);
        trading("resume", "market test over");
        restartReactor(Map.of());
    }

    private static void restartReactor(Map<String, String> env) {
        stack.stopService("reactor");
        stack.startService("reactor", "", env);
    }

    @Test
    @org.junit.jupiter.api.Order(1)
    void aFivePercentMoveOfTheReferenceMarketMovesTheNextSignedQuotesFivePercent() throws Exception {
        market.post("/control/books/NEARUSDT/mid", "{\"mid\":\"3.000\"}");
        // 100 USDT in, NEAR out: priced at NEARUSDT's asks.
        BigDecimal before = new BigDecimal(
                await().atMost(WAIT).until(() -> amountOut(quote(USDT, NEAR, "100000000")), a -> a != null));
        market.post("/control/books/NEARUSDT/jump", "{\"percent\":5}");
        BigDecimal expected = before.divide(new BigDecimal("1.05"), MathContext.DECIMAL64);
        // The next quotes follow within the book's refresh (100 ms) and one hop.
        BigDecimal after = await().atMost(WAIT)
                .until(
                        () -> {
                            String a = amountOut(quote(USDT, NEAR, "100000000"));
                            return a == null ? null : new BigDecimal(a);
                        },
                        a -> a != null && near(a, expected, "0.001"));
        assertTrue(near(after, expected, "0.001"), "after a 5 % rise NEAR out is " + after + ", expected ~" + expected);
    }

    @Test
    @org.junit.jupiter.api.Order(2)
    void aSilentBookStopsItsQuotesAsStaleAndTheyResumeWithIt() throws Exception {
        String stale = "reason=\"stale_book\"";
        double skippedBefore = metric("unrip_reactor_skipped_total", stale);
        market.post("/control/books/NEARUSDT/silence", "{\"ms\":8000}");
        // Past the 2 s bound, every NEAR quote is refused as stale_book, none is sent.
        await().atMost(Duration.ofSeconds(10))
                .until(() -> quoteOutcome(USDT, NEAR, "10000000").equals("skipped"));
        assertTrue(metric("unrip_reactor_skipped_total", stale) > skippedBefore, "stale_book is counted");
        assertEquals("skipped", quoteOutcome(USDT, NEAR, "10000000"));
        // Other books are live: a USDT/USDC quote goes on meanwhile.
        assertEquals("command", quoteOutcome(USDT, USDC, "10000000"));
        market.post("/control/books/NEARUSDT/resume", "{}");
        await().atMost(WAIT).until(() -> quoteOutcome(USDT, NEAR, "10000000").equals("command"));
    }

    @Test
    @org.junit.jupiter.api.Order(3)
    void commandsStopAtAvailableLessReservedLessTheReserveAndCapacityComesBackAsQuotesExpire() throws Exception {
        String reserved = "kind=\"reserved\"";
        await().atMost(Duration.ofSeconds(120))
                .until(() -> metric("unrip_reactor_inventory", "asset=\"USDC\"", reserved) == 0.0);
        double available = metric("unrip_reactor_inventory", "asset=\"USDC\"", "kind=\"available\"");
        // Leave exactly 100 USDC above the reserve.
        String reserve =
                BigDecimal.valueOf(available).subtract(new BigDecimal(100)).toPlainString();
        limits("{\"max_notional_per_quote_usd\":\"25000\",\"max_notional_per_minute_usd\":\"50000000\","
                + "\"max_quotes_per_second\":500,\"assets\":{\"USDC\":{\"min_reserve\":\"" + reserve + "\"}}}");
        // Applied once 101 USDC out is refused (the limits and the demands travel on different topics).
        await().atMost(WAIT)
                .until(() -> quoteOutcome(USDT, USDC, null, "101000000", 1000).equals("skipped"));
        int commands = 0;
        int short0 = (int) metric("unrip_reactor_skipped_total", "reason=\"inventory_short\"");
        for (int i = 0; i < 5; i++) {
            // 30 USDC out each, valid 20 s after the answer window (+ the reactor's 10 s margin).
            commands += "command".equals(quoteOutcome(USDT, USDC, null, "30000000", 20000)) ? 1 : 0;
        }
        assertEquals(3, commands, "100 USDC above the reserve: three quotes of 30");
        assertEquals(2, (int) metric("unrip_reactor_skipped_total", "reason=\"inventory_short\"") - short0);
        assertEquals(90.0, metric("unrip_reactor_inventory", "asset=\"USDC\"", reserved));
        // A restarted reactor rebuilds the reservations from the topics before it quotes again.
        restartReactor(BOOK_STRATEGY);
        await().atMost(WAIT)
                .ignoreExceptions()
                .until(() -> metric("unrip_reactor_inventory", "asset=\"USDC\"", reserved) == 90.0);
        await().atMost(WAIT).until(() -> {
            double shortBefore = metric("unrip_reactor_skipped_total", "reason=\"inventory_short\"");
            return quoteOutcome(USDT, USDC, null, "30000000", 20000).equals("skipped")
                    && metric("unrip_reactor_skipped_total", "reason=\"inventory_short\"") == shortBefore + 1;
        });
        // Once the three quotes' deadlines pass, their reservations are released.
        await().atMost(Duration.ofSeconds(90))
                .until(() -> metric("unrip_reactor_inventory", "asset=\"USDC\"", reserved) == 0.0);
        assertEquals("command", quoteOutcome(USDT, USDC, null, "30000000", 1000));
        limits(DEFAULT_LIMITS);
    }

    @Test
    @org.junit.jupiter.api.Order(4)
    void makeHaltDuringA100PerSecondStreamStopsQuotesWithinASecondAndMakeResumeRestartsThem() throws Exception {
        post("/control/quotes", "{\"count\":2000,\"rate\":100,\"envelope\":\"B\"}");
        try {
            int received = stats().path("responses_received").asInt();
            await().atMost(WAIT).until(() -> stats().path("responses_received").asInt() > received + 50);
            Map<TopicPartition, Long> control = topics.mark("ctl.trading_state");
            trading("halt", "market test: halt at 100/s");
            ConsumerRecord<String, byte[]> record = await().atMost(WAIT)
                    .until(() -> topics.since("ctl.trading_state", control), l -> !l.isEmpty())
                    .get(0);
            Instant haltedAt = Instant.ofEpochMilli(record.timestamp());
            // Three seconds of the stream after the halt: what reached the relay did so within 1 s.
            await().pollDelay(Duration.ofSeconds(3))
                    .atMost(Duration.ofSeconds(4))
                    .until(() -> true);
            List<Instant> late = responsesAfter(haltedAt.plusSeconds(1));
            assertTrue(late.isEmpty(), late.size() + " quote_response(s) more than 1 s after the halt record: " + late);

            trading("resume", "market test: resume");
            int afterResume = stats().path("responses_received").asInt();
            await().atMost(WAIT).until(() -> stats().path("responses_received").asInt() > afterResume + 20);
        } finally {
            simulator.delete("/control/quotes");
            trading("resume", "market test: resume");
        }
    }

    /** `make halt` / `make resume`: the same command-line tool, on the test stack's broker. */
    private static void trading(String command, String reason) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", stack.config().kafkaBootstrap());
        env.put("TRADING_REASON", reason);
        env.put("USER", "market-it");
        int status = Main.run(command, env, new PrintStream(out, true), new PrintStream(out, true));
        assertEquals(0, status, out.toString(StandardCharsets.UTF_8));
    }

    /** A ctl.risk_limits record for the book strategy, as make risk-limits writes it. */
    private static void limits(String limits) throws Exception {
        topics.send(
                RiskLimitsRecord.TOPIC,
                "book-spread-v1",
                JSON.writeValueAsBytes(RiskLimitsRecord.event(
                        "book-spread-v1", JSON.readTree(limits), "market test", "market-it", "unrip/market-it")),
                Map.of());
    }

    /** Pushes one quote request of the pair, exact in; its command, or null when the reactor skipped it. */
    private static JsonNode quote(String in, String out, String exactIn) throws Exception {
        return command(in, out, exactIn, null, 60000);
    }

    private static String quoteOutcome(String in, String out, String exactIn) throws Exception {
        return quoteOutcome(in, out, exactIn, null, 60000);
    }

    /** "command" or "skipped": what the reactor made of one pushed quote request. */
    private static String quoteOutcome(String in, String out, String exactIn, String exactOut, int minDeadlineMs)
            throws Exception {
        return command(in, out, exactIn, exactOut, minDeadlineMs) == null ? "skipped" : "command";
    }

    private static JsonNode command(String in, String out, String exactIn, String exactOut, int minDeadlineMs)
            throws Exception {
        // One probe at a time on a quiet reactor: the skip counter is the reactor's, not this quote's.
        awaitQuietReactor();
        Map<TopicPartition, Long> commands = topics.mark("cmd.execute_trade");
        double skipped = metric("unrip_reactor_skipped_total", "");
        Map<String, Double> before = skipsByReason();
        ObjectNode overrides = JSON.createObjectNode();
        overrides.put("defuse_asset_identifier_in", in);
        overrides.put("defuse_asset_identifier_out", out);
        overrides.put(exactIn != null ? "exact_amount_in" : "exact_amount_out", exactIn != null ? exactIn : exactOut);
        overrides.put("min_deadline_ms", minDeadlineMs);
        overrides.put("max_wait_ms", 3000);
        ObjectNode body = JSON.createObjectNode();
        body.put("count", 1);
        body.put("rate", 50);
        body.put("envelope", "B");
        body.set("overrides", overrides);
        // The simulator chooses the quote_id (an override of it is not taken) and says which.
        String quoteId = simulator
                .post("/control/quotes", JSON.writeValueAsString(body))
                .path("first_quote_id")
                .asText();
        await().atMost(WAIT)
                .until(() -> !commandsFor(commands, quoteId).isEmpty()
                        || metric("unrip_reactor_skipped_total", "") > skipped);
        List<JsonNode> found = commandsFor(commands, quoteId);
        if (found.isEmpty()) {
            System.out.println("MarketIT: quote " + in + " -> " + out + " skipped: " + skipsSince(before));
        }
        return found.isEmpty() ? null : found.get(0);
    }

    /** Until the reactor's commands and skips stop changing for a second (a backlog drained). */
    private static void awaitQuietReactor() {
        double[] last = {-1};
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
            double now = metric("unrip_reactor_skipped_total", "") + metric("unrip_reactor_commands_total", "");
            boolean quiet = now == last[0];
            last[0] = now;
            return quiet;
        });
    }

    private static List<JsonNode> commandsFor(Map<TopicPartition, Long> mark, String quoteId) {
        return Topics.values(topics.since("cmd.execute_trade", mark)).stream()
                .filter(c -> c.path("payload").path("execution_key").asText().equals(quoteId))
                .toList();
    }

    private static String amountOut(JsonNode command) {
        return command == null
                ? null
                : command.path("payload").path("action").path("amount_out").asText();
    }

    private static boolean near(BigDecimal actual, BigDecimal expected, String tolerance) {
        return actual.subtract(expected).abs().compareTo(expected.multiply(new BigDecimal(tolerance))) <= 0;
    }

    private static List<Instant> responsesAfter(Instant after) {
        return simulator.get("/control/responses").findValues("received_at").stream()
                .map(n -> Instant.parse(n.asText()))
                .filter(t -> t.isAfter(after))
                .toList();
    }

    /** The reactor's skips by reason. */
    private static Map<String, Double> skipsByReason() throws Exception {
        Map<String, Double> skips = new java.util.TreeMap<>();
        for (String reason : metricLines("unrip_reactor_skipped_total")) {
            String r = reason.replaceAll(".*reason=\"([^\"]*)\".*", "$1");
            skips.merge(r, Double.parseDouble(reason.substring(reason.lastIndexOf(' ') + 1)), Double::sum);
        }
        return skips;
    }

    /** The skip reasons that grew since {@code before}, for a failing test's output. */
    private static Map<String, Double> skipsSince(Map<String, Double> before) throws Exception {
        Map<String, Double> grew = new java.util.TreeMap<>();
        skipsByReason().forEach((r, n) -> {
            double d = n - before.getOrDefault(r, 0.0);
            if (d > 0) {
                grew.put(r, d);
            }
        });
        return grew;
    }

    private static List<String> metricLines(String name) throws Exception {
        String text = HTTP.send(
                        HttpRequest.newBuilder(URI.create(
                                        "http://localhost:" + stack.config().httpPort("reactor") + "/q/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        return text.lines().filter(l -> l.startsWith(name + "{")).toList();
    }

    /** The sum of the reactor's series of that name whose labels contain every one given. */
    private static double metric(String name, String... labels) throws Exception {
        return metricLines(name).stream()
                .filter(l -> java.util.Arrays.stream(labels).allMatch(l::contains))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }
}
