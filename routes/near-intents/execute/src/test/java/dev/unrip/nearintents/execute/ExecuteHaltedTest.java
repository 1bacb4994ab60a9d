package dev.unrip.nearintents.execute;

import static dev.unrip.contracts.TradingStateRecord.State.ACTIVE;
import static dev.unrip.contracts.TradingStateRecord.State.HALTED;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unrip.routes.common.TradingState;
import dev.unrip.routes.testing.KafkaBrokerResource;
import dev.unrip.routes.testing.PostgresResource;
import dev.unrip.routes.testing.RouteGroupTest;
import dev.unrip.routes.testing.Topics;
import dev.unrip.routes.testing.TradingControl;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The executor under the trading state (TradeExecutor, BatchPlan), in paper mode against a real
 * broker and a real PostgreSQL, the state set by real ctl.trading_state records: a command that
 * arrives while halted is never sent and ends REJECTED (HALTED) with its trade result; after the
 * resume its redelivery re-publishes that result, and new commands execute again.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(PostgresResource.class)
class ExecuteHaltedTest extends RouteGroupTest {

    @Inject
    TradingState tradingState;

    @AfterEach
    void resume() throws Exception {
        TradingControl.set("venue:near-intents", ACTIVE, "test over");
        await().atMost(WAIT).until(() -> !tradingState.effective(null).halted());
    }

    @Test
    void aCommandArrivingWhileHaltedEndsRejectedHaltedWithATradeResultAndIsNotSent() throws Exception {
        TradingControl.set("venue:near-intents", HALTED, "test: venue halted");
        await().atMost(Duration.ofSeconds(1))
                .pollInterval(Duration.ofMillis(5))
                .until(() -> tradingState.effective(null).halted());

        Map<TopicPartition, Long> results = topics.mark("exec.trade_result");
        ObjectNode command = ExecuteRoutesTest.freshCommand(Instant.now().plusSeconds(60));
        String commandId = send(command);
        JsonNode refused = await().atMost(WAIT)
                .until(() -> resultsFor(results, commandId), l -> l.size() == 1)
                .get(0)
                .path("payload");
        assertEquals("REJECTED", refused.path("status").asText());
        assertEquals("HALTED", refused.path("error").path("code").asText());
        assertEquals(
                "halted: venue:near-intents: test: venue halted",
                refused.path("error").path("reason").asText());
        assertTrue(refused.path("timings").path("sent_at").isNull(), "a halted command was sent");
        assertTrue(refused.path("venue_ref").path("quote_hash").isNull(), "a halted command was signed");
        assertEquals("REJECTED", state(commandId));
        assertEquals(
                "halted",
                PostgresResource.value(
                        "select error_reason from execution.execution where command_id = ?", commandId, String.class));

        TradingControl.set("venue:near-intents", ACTIVE, "test: resume");
        await().atMost(Duration.ofSeconds(1))
                .pollInterval(Duration.ofMillis(5))
                .until(() -> !tradingState.effective(null).halted());
        // The refused command again: its one outcome re-published, not executed now.
        send(command);
        JsonNode again = await().atMost(WAIT)
                .until(() -> resultsFor(results, commandId), l -> l.size() == 2)
                .get(1)
                .path("payload");
        assertTrue(again.path("republished").asBoolean());
        assertEquals(refused.path("result_id").asText(), again.path("result_id").asText());
        assertEquals("REJECTED", again.path("status").asText());
        // A new command executes.
        String next = send(ExecuteRoutesTest.freshCommand(Instant.now().plusSeconds(60)));
        JsonNode executed = await().atMost(WAIT)
                .until(() -> resultsFor(results, next), l -> l.size() == 1)
                .get(0)
                .path("payload");
        assertEquals("SUCCEEDED", executed.path("status").asText());
    }

    private String send(ObjectNode command) throws Exception {
        topics.send(
                "cmd.execute_trade",
                command.path("payload").path("execution_key").asText(),
                JSON.writeValueAsBytes(command),
                Map.of());
        return command.path("payload").path("command_id").asText();
    }

    private List<JsonNode> resultsFor(Map<TopicPartition, Long> mark, String commandId) {
        return Topics.values(topics.since("exec.trade_result", mark)).stream()
                .filter(r -> r.path("payload").path("command_id").asText().equals(commandId))
                .toList();
    }

    private static String state(String commandId) throws Exception {
        return PostgresResource.value(
                "select state from execution.execution where command_id = ?", commandId, String.class);
    }
}
