package dev.unrip.it;

import static dev.unrip.routes.testing.Topics.values;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unrip.localstack.Prometheus;
import dev.unrip.localstack.ServiceProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Operations as code against a real Prometheus (issue #19): the Prometheus of {@code make monitor}
 * (the same configuration generator, {@link Prometheus}, Debian's package installed by
 * deploy/scripts/install-prometheus.sh when missing) scrapes every service of the test stack, the
 * executor live against the relay simulator. Once the stack has done what each panel shows
 * (quotes through every stage, a dead letter, a dropped relay socket, failing RPC calls, a command
 * not signed, a settlement), every query of every panel of deploy/grafana/unrip.dashboard.json
 * returns data, and every alert rule of deploy/prometheus/unrip-alerts.rules.yaml is loaded and
 * evaluates without error.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MonitoringIT extends LiveLoop {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Scrape and rule evaluation interval: a couple of scrapes within a few seconds. */
    private static final Duration SCRAPE = Duration.ofSeconds(2);
    /**
     * What Grafana's $__rate_interval becomes here: longer than the whole test, so that every window
     * holds what the test made happen (in Grafana it is a few scrape intervals).
     */
    private static final String RATE_INTERVAL = "5m";

    private static final Pattern ALERT = Pattern.compile("(?m)^\\s*- alert:\\s*(\\S+)\\s*$");

    private static Prometheus prometheus;
    private static Map<String, String> live;

    @BeforeAll
    static void startEveryRouteGroupAndAPrometheusScrapingThem() {
        // The executor reads the chain every second, so that a key removed from the simulated chain counts at once.
        live = startEveryRouteGroup(Map.of("NEAR_SALT_REFRESH_MS", "1000"), "");
        // Fails, saying why, when Prometheus is not installed and cannot be (never passes without one).
        prometheus = new Prometheus(
                        stack.config(),
                        Prometheus.freePort(),
                        stack.config().stateDir().resolve("prometheus"),
                        SCRAPE,
                        line -> System.out.println("[prometheus] " + line))
                .start(WAIT);
        System.out.println("[prometheus] " + prometheus.version() + " on " + prometheus.url() + ", config "
                + prometheus.configFile());
        warmUp(5, 2);
    }

    @AfterAll
    static void stopPrometheus() {
        if (prometheus != null) {
            prometheus.close();
        }
    }

    @Test
    @Order(1)
    void everyQueryOfEveryDashboardPanelReturnsData() throws Exception {
        Map<String, String> queries = dashboardQueries();
        assertTrue(queries.size() >= 20, "the dashboard's queries: " + queries.keySet());

        long start = System.nanoTime();
        AtomicReference<List<String>> waitingFor = new AtomicReference<>(List.of());
        dropTheRelaySocketOnce();
        say("relay socket dropped and reconnected", start);
        deadLetterAFrame();
        say("a frame dead-lettered", start);
        failSomeRpcCalls();
        say("RPC calls failed", start);
        leaveACommandUnsigned();
        say("a command not signed, the key registered again", start);
        settleAQuoteOfOurs();
        say("a quote of ours settled", start);

        await().atMost(Duration.ofSeconds(100)).pollInterval(SCRAPE).untilAsserted(() -> {
            Map<String, String> without = new LinkedHashMap<>();
            queries.forEach((panel, expr) -> noData(expr).ifPresent(why -> without.put(panel, why)));
            List<String> names = List.copyOf(without.keySet());
            if (!names.isEmpty() && !names.equals(waitingFor.getAndSet(names))) {
                say("waiting for data from " + names, start);
            }
            assertEquals(Map.of(), without, "dashboard queries without data");
        });
        say("all " + queries.size() + " dashboard queries return data", start);
    }

    private static void say(String what, long startNanos) {
        System.out.printf("[monitoring] %s (%.1f s)%n", what, (System.nanoTime() - startNanos) / 1e9);
    }

    @Test
    @Order(2)
    void everyAlertRuleIsLoadedAndItsExpressionEvaluates() throws Exception {
        List<String> alerts = new ArrayList<>();
        Matcher m = ALERT.matcher(Files.readString(repo().resolve(Prometheus.RULES)));
        while (m.find()) {
            alerts.add(m.group(1));
        }
        assertTrue(alerts.size() >= 10, "alerts in " + Prometheus.RULES + ": " + alerts);
        // Loaded, and evaluated at least once without an error (health "ok").
        await().atMost(WAIT).pollInterval(SCRAPE).untilAsserted(() -> {
            Map<String, String> health = new LinkedHashMap<>();
            for (JsonNode group : prometheus.rules().path("data").path("groups")) {
                for (JsonNode rule : group.path("rules")) {
                    health.put(
                            rule.path("name").asText(),
                            rule.path("health").asText() + " "
                                    + rule.path("lastError").asText(""));
                }
            }
            assertEquals(
                    alerts.stream().sorted().toList(),
                    health.keySet().stream().sorted().toList(),
                    "rules loaded");
            health.forEach((name, h) -> assertEquals("ok", h.strip(), name + " evaluated with: " + h));
        });
        // And each expression, asked on its own, is a valid query (its result may be empty: nothing fires).
        for (JsonNode group : prometheus.rules().path("data").path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                JsonNode answer = prometheus.query(rule.path("query").asText());
                assertEquals(
                        "success",
                        answer.path("status").asText(),
                        rule.path("name").asText() + ": "
                                + answer.path("errorType").asText() + " "
                                + answer.path("error").asText());
            }
        }
    }

    // --- what each panel shows, made to happen -------------------------------------------------

    /** The relay connection panel: a disconnect and a gap (their counters exist from the first). */
    private static void dropTheRelaySocketOnce() {
        int connects = stats().path("connects_total").asInt();
        post("/control/drop", "");
        await().atMost(WAIT)
                .until(() -> stats().path("connects_total").asInt() > connects
                        && stats().path("subscriptions_quote").asInt() >= 1);
    }

    /** Dead letters by stage: a swap of an asset for itself, which normalize refuses. */
    private static void deadLetterAFrame() {
        Map<TopicPartition, Long> dlq = topics.mark("dlq.near_intents.normalize");
        post(
                "/control/frames",
                "{\"jsonrpc\":\"2.0\",\"method\":\"event\",\"params\":{\"subscription\":\"x\",\"data\":{"
                        + "\"quote_id\":\"monitoring-same-asset-1\",\"defuse_asset_identifier_in\":\"nep141:wrap.near\","
                        + "\"defuse_asset_identifier_out\":\"nep141:wrap.near\",\"exact_amount_in\":\"1000000\","
                        + "\"min_deadline_ms\":60000}}}");
        await().atMost(WAIT)
                .until(() -> !topics.since("dlq.near_intents.normalize", dlq).isEmpty());
    }

    /** NEAR RPC errors: the simulated RPC unavailable for a few calls (the executor's reads, the balance poll). */
    private static void failSomeRpcCalls() {
        post("/control/rpc/faults", "{\"endpoint\":\"*\",\"mode\":\"unavailable\",\"count\":4}");
        try {
            await().atMost(WAIT).until(() -> hasSeries("unrip_near_rpc_errors_total"));
        } finally {
            simulator.delete("/control/rpc/faults");
        }
    }

    /**
     * Not signed: the executor's key removed from the simulated chain; its next read says so
     * (readiness DOWN), and a command ends FAILED with NOT_SIGNED (key_unregistered). Then the key
     * is registered again and the executor is ready again.
     */
    private static void leaveACommandUnsigned() throws Exception {
        ServiceProcess executor = stack.service(EXECUTOR);
        String key = "{\"account_id\":\"" + LiveExecutor.ACCOUNT + "\",\"public_key\":\"" + LiveExecutor.publicKey(live)
                + "\"}";
        simulator.delete("/control/keys", key);
        try {
            await().atMost(WAIT).until(() -> ready(executor) == 503);
            Map<TopicPartition, Long> results = topics.mark("exec.trade_result");
            pushQuotes(5);
            await().atMost(WAIT)
                    .until(() -> values(topics.since("exec.trade_result", results)).stream()
                            .anyMatch(r -> "NOT_SIGNED"
                                    .equals(r.path("payload")
                                            .path("error")
                                            .path("code")
                                            .asText())));
        } finally {
            LiveExecutor.register(simulator, live);
        }
        await().atMost(WAIT).until(() -> ready(executor) == 200);
        await().atMost(WAIT).until(() -> hasSeries("unrip_executor_not_signed_total"));
    }

    /** Settlement and win ratio: a quote of ours answered, then settled by the venue. */
    private static void settleAQuoteOfOurs() {
        Map<TopicPartition, Long> results = topics.mark("exec.trade_result");
        pushQuotes(10);
        JsonNode succeeded = await().atMost(WAIT)
                .until(
                        () -> values(topics.since("exec.trade_result", results)).stream()
                                .filter(r -> "SUCCEEDED"
                                        .equals(r.path("payload").path("status").asText()))
                                .findFirst(),
                        Optional::isPresent)
                .get();
        String quoteId =
                succeeded.path("payload").path("venue_ref").path("quote_id").asText();
        post("/control/settle/" + quoteId, "");
        await().atMost(WAIT).until(() -> hasSeries("unrip_trade_results_settled_total >= 1"));
    }

    // --- Prometheus and the dashboard ------------------------------------------------------------

    /** Every query of the dashboard, "#panel id title [refId]" to its PromQL, $__rate_interval filled in. */
    private static Map<String, String> dashboardQueries() throws Exception {
        JsonNode dashboard = JSON.readTree(repo().resolve(Prometheus.DASHBOARD).toFile());
        Map<String, String> queries = new LinkedHashMap<>();
        List<JsonNode> panels = new ArrayList<>();
        dashboard.path("panels").forEach(p -> {
            panels.add(p);
            p.path("panels").forEach(panels::add);
        });
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText("").replace("$__rate_interval", RATE_INTERVAL);
                String name = "#" + panel.path("id").asText() + " "
                        + panel.path("title").asText() + " ["
                        + target.path("refId").asText() + "]";
                assertFalse(expr.isBlank(), name + ": no expression");
                assertFalse(expr.contains("$"), name + ": a template variable the test does not know: " + expr);
                queries.put(name, expr);
            }
        }
        return queries;
    }

    /** Empty when the query returns at least one series with a number (not NaN); else why not. */
    private static Optional<String> noData(String expr) {
        JsonNode answer = prometheus.query(expr);
        if (!"success".equals(answer.path("status").asText())) {
            return Optional.of("query failed: " + answer.path("errorType").asText() + " "
                    + answer.path("error").asText() + " (" + expr + ")");
        }
        JsonNode result = answer.path("data").path("result");
        if (result.isEmpty()) {
            return Optional.of("no series (" + expr + ")");
        }
        for (JsonNode series : result) {
            double value = Double.parseDouble(series.path("value").path(1).asText("NaN"));
            if (!Double.isNaN(value)) {
                return Optional.empty();
            }
        }
        return Optional.of("only NaN (" + expr + ")");
    }

    private static boolean hasSeries(String expr) {
        return noData(expr).isEmpty();
    }

    private static void pushQuotes(int count) {
        // A long answer window: on a loaded machine the reactor skips demands past theirs.
        post(
                "/control/quotes",
                "{\"count\":" + count + ",\"rate\":50,\"envelope\":\"B\",\"overrides\":{\"max_wait_ms\":60000}}");
    }

    private static int ready(ServiceProcess service) throws Exception {
        return HTTP.send(
                        HttpRequest.newBuilder(URI.create(service.healthUrl() + "/ready"))
                                .timeout(Duration.ofSeconds(3))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static Path repo() {
        return stack.config().repoRoot();
    }
}
