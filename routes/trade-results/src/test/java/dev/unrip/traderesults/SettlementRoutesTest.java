package dev.unrip.traderesults;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unrip.contracts.EventTime;
import dev.unrip.contracts.TradingStateRecord;
import dev.unrip.routes.testing.Examples;
import dev.unrip.routes.testing.KafkaBrokerResource;
import dev.unrip.routes.testing.PostgresResource;
import dev.unrip.routes.testing.RouteGroupTest;
import dev.unrip.routes.testing.Topics;
import dev.unrip.routes.testing.TradingControl;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Settlement (trade-results.camel.yaml: recordQuoteStatuses, applySettlements) against a real broker
 * and PostgreSQL: a quote status settles the result row holding its quote_hash, whichever of the
 * two comes first, once; a status that is not ours is counted and changes no row. Each test makes
 * its own result and status with fresh ids.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(PostgresResource.class)
class SettlementRoutesTest extends RouteGroupTest {

    private static final String BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

    @Inject
    MeterRegistry registry;

    @Test
    void aStatusAfterItsResultSettlesTheRowOnce() throws Exception {
        String quoteHash = quoteHash();
        String resultId = sendResult(quoteHash);
        await().atMost(WAIT).until(() -> stored(resultId));
        double settled = count("unrip_trade_results_settled_total");
        double ours = count("unrip_quote_statuses_total", "ours", "true");

        Instant observed = Instant.parse("2026-12-01T10:00:05.000Z");
        sendStatus(status(quoteHash, observed), quoteHash);
        await().atMost(WAIT).until(() -> settledAt(resultId) != null);
        assertSettled(resultId, quoteHash, observed);
        await().atMost(WAIT).until(() -> count("unrip_trade_results_settled_total") == settled + 1);
        assertEquals(ours + 1, count("unrip_quote_statuses_total", "ours", "true"));
    }

    @Test
    void aStatusBeforeItsResultIsKeptAndSettlesTheResultWhenItComes() throws Exception {
        String quoteHash = quoteHash();
        double settled = count("unrip_trade_results_settled_total");
        double notYetOurs = count("unrip_quote_statuses_total", "ours", "false");
        Instant observed = Instant.parse("2026-12-01T10:00:06.000Z");
        sendStatus(status(quoteHash, observed), quoteHash);
        await().atMost(WAIT).until(() -> kept(quoteHash));
        // No result holds its hash yet: counted as not ours when it came.
        await().atMost(WAIT).until(() -> count("unrip_quote_statuses_total", "ours", "false") == notYetOurs + 1);

        String resultId = sendResult(quoteHash);
        await().atMost(WAIT).until(() -> settledAt(resultId) != null);
        assertSettled(resultId, quoteHash, observed);
        await().atMost(WAIT).until(() -> count("unrip_trade_results_settled_total") == settled + 1);
    }

    @Test
    void aRedeliveredStatusChangesNothingAndIsNotCountedAgain() throws Exception {
        String quoteHash = quoteHash();
        String resultId = sendResult(quoteHash);
        await().atMost(WAIT).until(() -> stored(resultId));
        byte[] status = status(quoteHash, Instant.parse("2026-12-01T10:00:07.000Z"));
        sendStatus(status, "in-order");
        await().atMost(WAIT).until(() -> settledAt(resultId) != null);
        await().atMost(WAIT).until(() -> count("unrip_quote_statuses_total", "ours", "true") > 0);
        double settled = count("unrip_trade_results_settled_total");
        double ours = count("unrip_quote_statuses_total", "ours", "true");
        double notOurs = count("unrip_quote_statuses_total", "ours", "false");

        // The same record again, then a marker behind it on the same partition: once the marker
        // is kept, the redelivery was handled.
        sendStatus(status, "in-order");
        String marker = quoteHash();
        sendStatus(status(marker, Instant.parse("2026-12-01T10:00:08.000Z")), "in-order");
        await().atMost(WAIT).until(() -> kept(marker));
        await().atMost(WAIT).until(() -> count("unrip_quote_statuses_total", "ours", "false") == notOurs + 1);

        assertSettled(resultId, quoteHash, Instant.parse("2026-12-01T10:00:07.000Z"));
        assertEquals(settled, count("unrip_trade_results_settled_total"), "settled twice");
        assertEquals(ours, count("unrip_quote_statuses_total", "ours", "true"), "the redelivery was counted");
    }

    @Test
    void aStatusThatIsNotOursIsCountedAndChangesNoRow() throws Exception {
        double notOurs = count("unrip_quote_statuses_total", "ours", "false");
        double settled = count("unrip_trade_results_settled_total");
        String quoteHash = quoteHash();
        sendStatus(status(quoteHash, Instant.parse("2026-12-01T10:00:09.000Z")), quoteHash);
        await().atMost(WAIT).until(() -> count("unrip_quote_statuses_total", "ours", "false") == notOurs + 1);
        assertEquals(true, kept(quoteHash), "kept, in case its result comes later");
        assertEquals(0, rowsHolding(quoteHash));
        assertEquals(settled, count("unrip_trade_results_settled_total"));
    }

    @Test
    void theWinRatioIsTheShareOfAnsweredResultsThatSettledAndEachAnswerCountsOnce() throws Exception {
        double answered = count("unrip_trade_results_answered_total");
        String settledHash = quoteHash();
        String settledId = sendResult(settledHash);
        String openId = sendResult(quoteHash());
        await().atMost(WAIT).until(() -> stored(settledId) && stored(openId));
        await().atMost(WAIT).until(() -> count("unrip_trade_results_answered_total") == answered + 2);
        sendStatus(status(settledHash, Instant.parse("2026-12-01T10:00:10.000Z")), settledHash);
        await().atMost(WAIT).until(() -> settledAt(settledId) != null);

        // The gauge follows the table (refreshed every trade-results.win-ratio.refresh-ms).
        await().atMost(WAIT).until(() -> {
            double[] table = winRatioParts();
            double gauge = registry.get("unrip_trade_results_win_ratio").gauge().value();
            return table[0] > 0 && Math.abs(gauge - table[1] / table[0]) < 1e-9;
        });
        assertEquals(answered + 2, count("unrip_trade_results_answered_total"), "an answer counted twice");
    }

    @Test
    void aSettlementOfAResultRecordedAsFailedIsAMismatchThatHaltsTrading() throws Exception {
        String quoteHash = quoteHash();
        String resultId = sendResult(quoteHash, "FAILED");
        await().atMost(WAIT).until(() -> stored(resultId));
        double mismatches = count("unrip_trade_results_settlement_mismatches_total");
        double settled = count("unrip_trade_results_settled_total");
        Map<TopicPartition, Long> control = topics.mark(TradingStateRecord.TOPIC);
        try {
            sendStatus(status(quoteHash, Instant.parse("2026-12-01T10:00:11.000Z")), quoteHash);

            JsonNode halt = await().atMost(WAIT)
                    .until(() -> Topics.values(topics.since(TradingStateRecord.TOPIC, control)), l -> !l.isEmpty())
                    .get(0)
                    .path("payload");
            assertEquals("HALTED", halt.path("state").asText(), halt.toString());
            assertEquals("trade-results/auto-halt", halt.path("set_by").asText());
            assertTrue(
                    halt.path("reason").asText().contains("settlement_mismatch: 1 settlement(s)")
                            && halt.path("reason").asText().contains(resultId + " FAILED"),
                    halt.toString());
            assertEquals(mismatches + 1, count("unrip_trade_results_settlement_mismatches_total"));
            assertEquals(settled + 1, count("unrip_trade_results_settled_total"), "still settled: the venue's word");
            assertTrue(settledAt(resultId) != null);
        } finally {
            TradingControl.set("global", TradingStateRecord.State.ACTIVE, "test over");
        }
    }

    @Test
    void aSettlementOfASucceededResultIsNoMismatch() throws Exception {
        String quoteHash = quoteHash();
        String resultId = sendResult(quoteHash);
        await().atMost(WAIT).until(() -> stored(resultId));
        double mismatches = count("unrip_trade_results_settlement_mismatches_total");
        sendStatus(status(quoteHash, Instant.parse("2026-12-01T10:00:12.000Z")), quoteHash);
        await().atMost(WAIT).until(() -> settledAt(resultId) != null);
        assertEquals(mismatches, count("unrip_trade_results_settlement_mismatches_total"));
    }

    private void assertSettled(String resultId, String quoteHash, Instant observed) throws Exception {
        try (Connection c = PostgresResource.connect();
                PreparedStatement s = c.prepareStatement(
                        "select settled_at, intent_hash, tx_hash from results.trade_result where result_id = ?")) {
            s.setString(1, resultId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                assertEquals(observed, rs.getTimestamp(1).toInstant(), "settled_at is the status's observed_at");
                assertEquals("intent-of-" + quoteHash, rs.getString(2));
                assertEquals("tx-of-" + quoteHash, rs.getString(3));
            }
        }
    }

    /** A live, succeeded result of ours (the example, with fresh ids) whose quote has this hash. */
    private String sendResult(String quoteHash) throws Exception {
        return sendResult(quoteHash, "SUCCEEDED");
    }

    /** The same with this status (an error with it when it is not SUCCEEDED). */
    private String sendResult(String quoteHash, String status) throws Exception {
        ObjectNode result = (ObjectNode) JSON.readTree(Examples.bytes(
                Examples.repo().resolve("schemas/events/examples/exec.trade_result.v1/valid-succeeded-live.json")));
        String commandId = UUID.randomUUID().toString();
        String resultId = UUID.randomUUID().toString();
        result.put("event_id", resultId).put("causation_id", commandId);
        ObjectNode payload = (ObjectNode) result.path("payload");
        payload.put("result_id", resultId).put("command_id", commandId);
        ((ObjectNode) payload.path("venue_ref")).put("quote_hash", quoteHash);
        payload.put("status", status);
        if (!status.equals("SUCCEEDED")) {
            payload.putObject("error")
                    .put("code", "RECONCILED")
                    .put("reason", "reconciled on chain: the nonce was not used by the quote's deadline");
        }
        topics.send("exec.trade_result", commandId, JSON.writeValueAsBytes(result), Map.of());
        return resultId;
    }

    /** A norm.quote_status (the example) for this quote hash, observed then. */
    private static byte[] status(String quoteHash, Instant observed) throws Exception {
        ObjectNode status = (ObjectNode) JSON.readTree(Examples.bytes(
                Examples.repo().resolve("schemas/events/examples/norm.quote_status.v1/valid-from-frame-15.json")));
        status.put("event_id", UUID.randomUUID().toString()).put("observed_at", EventTime.format(observed));
        ((ObjectNode) status.path("payload"))
                .put("quote_hash", quoteHash)
                .put("intent_hash", "intent-of-" + quoteHash)
                .put("tx_hash", "tx-of-" + quoteHash);
        return JSON.writeValueAsBytes(status);
    }

    private void sendStatus(byte[] status, String key) throws Exception {
        topics.send("norm.quote_status", key, status, Map.of("note", "test".getBytes(StandardCharsets.UTF_8)));
    }

    private static String quoteHash() {
        StringBuilder hash = new StringBuilder();
        for (int i = 0; i < 44; i++) {
            hash.append(BASE58.charAt(ThreadLocalRandom.current().nextInt(BASE58.length())));
        }
        return hash.toString();
    }

    private double count(String name, String... tags) {
        return registry.find(name).tags(tags).counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    private static boolean stored(String resultId) throws Exception {
        return query("select count(*) from results.trade_result where result_id = ?", resultId) == 1;
    }

    private static boolean kept(String quoteHash) throws Exception {
        return query("select count(*) from results.quote_settlement where quote_hash = ?", quoteHash) == 1;
    }

    private static long rowsHolding(String quoteHash) throws Exception {
        return query("select count(*) from results.trade_result where quote_hash = ?", quoteHash);
    }

    private static Instant settledAt(String resultId) throws Exception {
        Timestamp settledAt = PostgresResource.value(
                "select settled_at from results.trade_result where result_id = ?", resultId, Timestamp.class);
        return settledAt == null ? null : settledAt.toInstant();
    }

    /** {answered, settled} as sql/win-ratio.sql counts them. */
    private static double[] winRatioParts() throws Exception {
        try (Connection c = PostgresResource.connect();
                PreparedStatement s = c.prepareStatement(
                        "select count(*), count(settled_at) from results.trade_result"
                                + " where status = 'SUCCEEDED' and mode = 'live' and first_seen > now() - interval '24 hours'")) {
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return new double[] {rs.getLong(1), rs.getLong(2)};
            }
        }
    }

    private static long query(String sql, String value) throws Exception {
        return PostgresResource.value(sql, value, Long.class);
    }
}
