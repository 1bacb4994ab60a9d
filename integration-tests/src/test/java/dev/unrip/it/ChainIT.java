package dev.unrip.it;

import static dev.unrip.routes.testing.Topics.values;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unrip.localstack.ServiceProcess;
import dev.unrip.nearintents.chain.NearRpc;
import dev.unrip.nearintents.chain.Preflight;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The chain adapter on the whole stack, the executor live against the simulator's relay and NEAR
 * JSON-RPC: the salt rotated mid-stream, the RPC gone and back, balances as events, the signer key
 * check and make preflight. Each test sets up its own input.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChainIT extends LiveLoop {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Short, so that a test sees the salt age out: trusted 8 s after its last read, read every second. */
    private static final long TTL_MS = 8000;

    private static final long REFRESH_MS = 1000;
    private static Map<String, String> live;

    @BeforeAll
    static void startEveryRouteGroupWithALiveExecutor() {
        live = startEveryRouteGroup(
                Map.of("NEAR_SALT_TTL_MS", Long.toString(TTL_MS), "NEAR_SALT_REFRESH_MS", Long.toString(REFRESH_MS)),
                "");
        warmUp(5, 2);
    }

    @Test
    @Order(1)
    void aSaltRotatedMidStreamIsPickedUpAndNoQuoteCarriesASaltTheContractNeverHad() throws Exception {
        String before = simulator.get("/control/salt").path("current").asText();
        post("/control/reset", "");
        Marks marks = Marks.now();
        Map<TopicPartition, Long> mark = marks.results();
        post("/control/quotes", "{\"count\":120,\"rate\":20,\"envelope\":\"B\"}");
        await().atMost(WAIT).until(() -> stats().path("responses_received").asInt() >= 20);
        Instant rotatedAt = Instant.now();
        String after = simulator
                .post("/control/salt/rotate?invalidate=true", "")
                .path("current")
                .asText();
        assertTrue(!after.equals(before), "the salt changed");
        awaitAnswered(marks);

        List<JsonNode> responses = new ArrayList<>();
        simulator.get("/control/responses").forEach(responses::add);
        Set<String> salts = responses.stream().map(ChainIT::salt).collect(Collectors.toSet());
        assertTrue(
                Set.of(before, after).containsAll(salts),
                "salts signed with: " + salts + ", contract's: " + before + ", " + after);
        assertTrue(
                responses.stream()
                        .anyMatch(r -> salt(r).equals(after)
                                && "OK".equals(r.path("outcome").asText())),
                "quotes with the new salt were accepted");
        // Within one refresh or one rejection: no quote carries the old salt later than a refresh
        // period (plus a batch in flight) after the rotation.
        Instant cutoff = rotatedAt.plusMillis(REFRESH_MS + 2000);
        List<JsonNode> late = responses.stream()
                .filter(r -> salt(r).equals(before)
                        && Instant.parse(r.path("received_at").asText()).isAfter(cutoff))
                .toList();
        assertEquals(List.of(), late, "quotes with the old salt after " + cutoff);
        // A refused quote is not sent again: its nonce carries the old salt.
        assertEquals(1, stats().path("max_responses_per_nonce").asInt());
        List<JsonNode> refused = values(topics.since("exec.trade_result", mark)).stream()
                .filter(r -> "INVALID_SALT"
                        .equals(r.path("payload").path("error").path("code").asText()))
                .toList();
        assertEquals(
                stats().path("rejected").path("invalid_salt").asInt(),
                refused.size(),
                "each refusal for the old salt is one REJECTED result with INVALID_SALT");
    }

    @Test
    @Order(2)
    void withTheRpcDownTheCachedSaltServesUntilItsTtlThenNothingIsSignedAndReadinessSaysWhy() throws Exception {
        ServiceProcess executor = stack.service(EXECUTOR);
        post("/control/rpc/faults", "{\"endpoint\":\"*\",\"mode\":\"unavailable\"}");
        Instant down = Instant.now();
        try {
            // Within the TTL the cached salt still signs.
            Marks marks = Marks.now();
            Map<TopicPartition, Long> mark = marks.results();
            post("/control/quotes", "{\"count\":10,\"rate\":0,\"envelope\":\"B\"}");
            awaitAnswered(marks);
            if (Duration.between(down, Instant.now()).toMillis() < TTL_MS - REFRESH_MS) {
                assertTrue(
                        statuses(mark).contains("SUCCEEDED"),
                        "within the TTL quotes were still signed: " + statuses(mark));
            }
            // Then readiness goes DOWN, saying why.
            await().atMost(Duration.ofMillis(TTL_MS + 10_000))
                    .until(() -> ready(executor).statusCode() == 503);
            String why = ready(executor).body();
            assertTrue(why.contains("beyond near.salt.ttl-ms") && why.contains("current_salt cannot be read"), why);
            // And commands end with the reason, nothing signed or sent.
            int sentBefore = stats().path("responses_received").asInt();
            Marks afterMarks = Marks.now();
            Map<TopicPartition, Long> after = afterMarks.results();
            post("/control/quotes", "{\"count\":10,\"rate\":0,\"envelope\":\"B\"}");
            awaitAnswered(afterMarks);
            List<JsonNode> failed = values(topics.since("exec.trade_result", after));
            assertTrue(!failed.isEmpty());
            for (JsonNode r : failed) {
                assertEquals("FAILED", r.path("payload").path("status").asText(), r.toString());
                assertEquals(
                        "NOT_SIGNED",
                        r.path("payload").path("error").path("code").asText(),
                        r.toString());
            }
            assertEquals(sentBefore, stats().path("responses_received").asInt(), "nothing reached the relay");
        } finally {
            simulator.delete("/control/rpc/faults");
        }
        // The RPC back: quoting resumes.
        await().atMost(Duration.ofSeconds(15)).until(() -> ready(executor).statusCode() == 200);
        Marks backMarks = Marks.now();
        Map<TopicPartition, Long> back = backMarks.results();
        post("/control/quotes", "{\"count\":10,\"rate\":0,\"envelope\":\"B\"}");
        awaitAnswered(backMarks);
        assertTrue(statuses(back).contains("SUCCEEDED"), "quoting resumed: " + statuses(back));
    }

    @Test
    @Order(3)
    void balancesArriveAtTheirPeriodAndSoonAfterASettlementOfOurs() throws Exception {
        Map<TopicPartition, Long> mark = topics.mark("norm.balance");
        String asset = "nep141:wrap.near";
        await().atMost(Duration.ofSeconds(30)).until(() -> balances(mark, asset).size() >= 3);
        List<JsonNode> periodic = balances(mark, asset);
        for (int i = 1; i < periodic.size(); i++) {
            long gap = Duration.between(observed(periodic.get(i - 1)), observed(periodic.get(i)))
                    .toMillis();
            // The default period is 5 s, polled on a 250 ms tick.
            assertTrue(gap >= 4500 && gap <= 7500, "gap between balance reads: " + gap + " ms");
        }
        // Settle one of our quotes: the balances move, and are read within 2 s.
        Map<TopicPartition, Long> results = topics.mark("exec.trade_result");
        post("/control/quotes", "{\"count\":5,\"rate\":0,\"envelope\":\"B\"}");
        await().atMost(WAIT).until(() -> statuses(results).contains("SUCCEEDED"));
        JsonNode ours = values(topics.since("exec.trade_result", results)).stream()
                .filter(r -> "SUCCEEDED".equals(r.path("payload").path("status").asText()))
                .findFirst()
                .orElseThrow();
        String quoteId = ours.path("payload").path("venue_ref").path("quote_id").asText();
        Map<TopicPartition, Long> settledMark = topics.mark("norm.balance");
        Instant settledAt = Instant.now();
        post("/control/settle/" + quoteId, "");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !values(topics.since("norm.balance", settledMark)).isEmpty());
        JsonNode first = values(topics.since("norm.balance", settledMark)).get(0);
        long after = Duration.between(settledAt, observed(first)).toMillis();
        assertTrue(after <= 2000, "balances read " + after + " ms after the settlement");
        assertTrue(
                stats().path("rpc_methods").path("mt_batch_balance_of").asInt() > 0,
                "balances came from mt_batch_balance_of");
    }

    @Test
    @Order(4)
    void preflightIsGreenAgainstTheSimulatorAndRedNamingTheLineWithOneFault() {
        String sim = "http://localhost:" + stack.config().httpPort("relay-simulator");
        Preflight.Settings settings = new Preflight.Settings(
                URI.create("ws://localhost:" + stack.config().httpPort("relay-simulator") + "/ws"),
                Optional.empty(),
                NearRpc.urls(sim + "/rpc/a," + sim + "/rpc/b"),
                "intents.near",
                LiveExecutor.ACCOUNT,
                Optional.of(live.get("NEAR_SIGNER_KEY")),
                List.of("nep141:wrap.near", "nep141:usdt.tether-token.near"),
                Duration.ofSeconds(3));
        ByteArrayOutputStream green = new ByteArrayOutputStream();
        assertEquals(
                0, Preflight.run(settings, new PrintStream(green, true, StandardCharsets.UTF_8)), green.toString());
        String table = green.toString(StandardCharsets.UTF_8);
        assertTrue(table.contains("rpc localhost:") && table.contains("/rpc/a") && table.contains("/rpc/b"), table);
        assertTrue(table.contains("current salt") && table.contains("balance nep141:wrap.near"), table);

        post("/control/rpc/faults", "{\"endpoint\":\"b\",\"mode\":\"429\"}");
        try {
            ByteArrayOutputStream red = new ByteArrayOutputStream();
            assertEquals(1, Preflight.run(settings, new PrintStream(red, true, StandardCharsets.UTF_8)));
            String redTable = red.toString(StandardCharsets.UTF_8);
            assertTrue(redTable.contains("preflight: RED on rpc localhost:") && redTable.contains("/rpc/b"), redTable);
            assertTrue(redTable.contains("rate_limited"), redTable);
        } finally {
            simulator.delete("/control/rpc/faults");
        }
    }

    @Test
    @Order(5)
    void anUnregisteredSignerKeyTurnsReadinessDownNamingTheAccountAndTheKey() throws Exception {
        Map<String, String> env =
                LiveExecutor.env("http://localhost:" + stack.config().httpPort("relay-simulator"));
        String publicKey = LiveExecutor.publicKey(env);
        // A second executor with its own key, never registered (it joins the group; nothing is pushed meanwhile).
        ServiceProcess unregistered = stack.startService(EXECUTOR, "unregistered", env, false);
        try {
            await().atMost(WAIT).until(() -> ready(unregistered).statusCode() == 503);
            String body = ready(unregistered).body();
            assertTrue(
                    body.contains("public key " + publicKey + " is not registered for account " + LiveExecutor.ACCOUNT),
                    body);
            assertTrue(!body.contains(env.get("NEAR_SIGNER_KEY")), "the secret never shows");
        } finally {
            stack.stopService(EXECUTOR + "-unregistered");
        }
    }

    private static String salt(JsonNode response) {
        String hex = response.path("nonce_hex").asText("");
        return hex.length() == 64 ? hex.substring(10, 18) : "";
    }

    /** Where the command and result topics stood before a test's input. */
    private record Marks(Map<TopicPartition, Long> commands, Map<TopicPartition, Long> results) {
        static Marks now() {
            return new Marks(topics.mark("cmd.execute_trade"), topics.mark("exec.trade_result"));
        }
    }

    /** Every quote pushed, and one result per command, unchanged for a second: the input is done with. */
    private static void awaitAnswered(Marks marks) {
        await().atMost(WAIT).during(Duration.ofSeconds(1)).until(() -> {
            int commands = topics.since("cmd.execute_trade", marks.commands()).size();
            return simulator.get("/control/quotes").path("pending").asInt() == 0
                    && commands > 0
                    && topics.since("exec.trade_result", marks.results()).size() >= commands;
        });
    }

    private static Set<String> statuses(Map<TopicPartition, Long> mark) {
        return values(topics.since("exec.trade_result", mark)).stream()
                .map(r -> r.path("payload").path("status").asText())
                .collect(Collectors.toSet());
    }

    private static List<JsonNode> balances(Map<TopicPartition, Long> mark, String asset) {
        return values(topics.since("norm.balance", mark)).stream()
                .filter(b -> asset.equals(b.path("payload").path("asset").asText()))
                .toList();
    }

    private static Instant observed(JsonNode event) {
        return Instant.parse(event.path("observed_at").asText());
    }

    private static HttpResponse<String> ready(ServiceProcess service) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(service.healthUrl() + "/ready"))
                        .timeout(Duration.ofSeconds(3))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
