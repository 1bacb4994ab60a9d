package dev.unrip.nearintents.execute;

import static dev.unrip.routes.testing.Topics.header;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unrip.contracts.CloudEventHeaders;
import dev.unrip.contracts.EventIds;
import dev.unrip.contracts.EventTime;
import dev.unrip.routes.testing.Examples;
import dev.unrip.routes.testing.KafkaBrokerResource;
import dev.unrip.routes.testing.PostgresResource;
import dev.unrip.routes.testing.RouteGroupTest;
import dev.unrip.routes.testing.Topics;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The executor's routes (execute.camel.yaml: the batching hop executeTradeCommands, validateTradeCommand
 * per record, executeAndPublish per batch) in paper mode, in-process against a real broker and a
 * real PostgreSQL: one outcome per command_id, a redelivery re-published, a late command EXPIRED,
 * a dead executor's claim reconciled (reconcileStaleExecutions), an invalid one dead-lettered.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(PostgresResource.class)
class ExecuteRoutesTest extends RouteGroupTest {

    private static final String COMMAND = "cmd.execute_trade.v1";

    @Test
    void aCommandDeliveredTwiceIsExecutedOnceAndItsOutcomeRepublished() throws Exception {
        Map<TopicPartition, Long> results = topics.mark("exec.trade_result");
        ObjectNode command = freshCommand(Instant.now().plusSeconds(60));
        String commandId = send(command);
        JsonNode first = await().atMost(WAIT)
                .until(() -> resultsFor(results, commandId), l -> l.size() == 1)
                .get(0)
                .path("payload");
        assertEquals("SUCCEEDED", first.path("status").asText());
        assertEquals("paper", first.path("mode").asText());
        assertEquals("SUCCEEDED", state(commandId));

        send(command);
        List<JsonNode> both = await().atMost(WAIT).until(() -> resultsFor(results, commandId), l -> l.size() == 2);
        JsonNode again = both.get(1).path("payload");
        assertTrue(again.path("republished").asBoolean(), "the second outcome is a re-publication");
        assertEquals(first.path("result_id").asText(), again.path("result_id").asText(), "one result id per command");
        assertEquals(first.path("status").asText(), again.path("status").asText());
    }

    @Test
    void aCommandPastItsDeadlineEndsExpiredAndIsNotExecuted() throws Exception {
        Map<TopicPartition, Long> results = topics.mark("exec.trade_result");
        String commandId = send(freshCommand(Instant.now().minusSeconds(1)));
        JsonNode result = await().atMost(WAIT)
                .until(() -> resultsFor(results, commandId), l -> !l.isEmpty())
                .get(0)
                .path("payload");
        assertEquals("EXPIRED", result.path("status").asText());
        assertEquals("EXPIRED", state(commandId));
    }

    @Test
    void anExecutionADeadExecutorLeftExecutingIsReconciledAndPublishedNotResent() throws Exception {
        Map<TopicPartition, Long> results = topics.mark("exec.trade_result");
        ObjectNode command = freshCommand(Instant.now().plusSeconds(60));
        JsonNode payload = command.path("payload");
        String commandId = payload.path("command_id").asText();
        // What a paper executor killed between its claim and its outcome leaves behind: EXECUTING, lease run out.
        leftByADeadExecutor(command, "paper", "EXECUTING");
        JsonNode result = await().atMost(WAIT)
                .until(() -> resultsFor(results, commandId), l -> !l.isEmpty())
                .get(0)
                .path("payload");
        assertEquals("FAILED", result.path("status").asText());
        assertEquals("RECONCILED", result.path("error").path("code").asText());
        assertEquals("FAILED", state(commandId));
    }

    @Test
    void everyInvalidCommandExampleIsDeadLetteredWithTheReasonNamingItsField() throws Exception {
        Map<TopicPartition, Long> dlq = topics.mark("dlq.near_intents.execute");
        List<Path> invalid = Examples.invalid(COMMAND);
        for (Path example : invalid) {
            topics.send(
                    "cmd.execute_trade",
                    "k",
                    Examples.bytes(example),
                    Map.of("example", example.getFileName().toString().getBytes(StandardCharsets.UTF_8)));
        }
        await().atMost(WAIT)
                .until(() -> topics.since("dlq.near_intents.execute", dlq).size() >= invalid.size());
        for (ConsumerRecord<String, byte[]> rejected : topics.since("dlq.near_intents.execute", dlq)) {
            String example = header(rejected, "example");
            String reason = header(rejected, CloudEventHeaders.DLQ_REASON);
            assertTrue(
                    reason.contains(Examples.fieldOf(Path.of(example))),
                    example + ": the reason does not name its field: " + reason);
        }
    }

    /** The example command with a new command_id (and its derived key) and the given deadline. */
    static ObjectNode freshCommand(Instant expiresAt) throws Exception {
        ObjectNode command = (ObjectNode) JSON.readTree(Examples.bytes(Examples.valid(COMMAND).stream()
                .filter(p -> p.getFileName().toString().equals("valid-quote-response.json"))
                .findFirst()
                .orElseThrow()));
        String commandId = EventIds.commandId("fixed-spread", UUID.randomUUID().toString(), 0);
        command.put("event_id", commandId);
        ObjectNode payload = (ObjectNode) command.path("payload");
        payload.put("command_id", commandId);
        payload.put("idempotency_key", EventIds.idempotencyKey(commandId));
        payload.put("expires_at", EventTime.format(expiresAt));
        ((ObjectNode) payload.path("action")).put("quote_deadline", EventTime.format(expiresAt.plusSeconds(70)));
        return command;
    }

    /** The execution row a dead executor left for this command, in that mode and state, its lease run out. */
    static void leftByADeadExecutor(ObjectNode command, String mode, String state) throws Exception {
        JsonNode payload = command.path("payload");
        try (Connection c = PostgresResource.connect();
                PreparedStatement s = c.prepareStatement(
                        "insert into execution.execution (command_id, idempotency_key, execution_key, quote_id, "
                                + "mode, state, command, expires_at, owner, lease_until) values (?, ?, ?, ?, ?, ?, ?, ?, 'executor-dead', ?)")) {
            s.setString(1, payload.path("command_id").asText());
            s.setString(2, payload.path("idempotency_key").asText());
            s.setString(3, payload.path("execution_key").asText());
            s.setString(4, payload.path("action").path("quote_id").asText());
            s.setString(5, mode);
            s.setString(6, state);
            s.setString(7, JSON.writeValueAsString(command));
            s.setTimestamp(
                    8, Timestamp.from(Instant.parse(payload.path("expires_at").asText())));
            s.setTimestamp(9, Timestamp.from(Instant.now().minusSeconds(60)));
            s.executeUpdate();
        }
    }

    /** Sends the command under its execution key; returns its command_id, which its results carry. */
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
