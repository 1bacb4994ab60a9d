package dev.unrip.nearintents.execute;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unrip.contracts.TradingStateRecord;
import dev.unrip.routes.common.TradingState;
import dev.unrip.routes.testing.KafkaBrokerResource;
import dev.unrip.routes.testing.PostgresResource;
import dev.unrip.routes.testing.RouteGroupTest;
import dev.unrip.routes.testing.Topics;
import dev.unrip.routes.testing.TradingControl;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The IN_DOUBT circuit breaker (AutoHalt, called by the executor's reconciliation): executions the
 * venue cannot decide, as many as auto-halt.in-doubt, write one HALTED global record set by
 * near-intents-execute/auto-halt, which this executor then obeys. Real broker, real PostgreSQL; the
 * rows are what a live executor leaves IN_DOUBT when the chain cannot be asked (this paper-mode
 * test app has no chain, so reconciliation keeps them IN_DOUBT, as it would on an RPC outage).
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(PostgresResource.class)
@TestProfile(InDoubtAutoHaltTest.FewInDoubt.class)
class InDoubtAutoHaltTest extends RouteGroupTest {

    public static class FewInDoubt implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("auto-halt.in-doubt", "3", "executor.reconcile-period-ms", "200");
        }
    }

    @Inject
    TradingState tradingState;

    @Inject
    MeterRegistry registry;

    private final List<String> inserted = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        try (Connection c = PostgresResource.connect();
                PreparedStatement s = c.prepareStatement("delete from execution.execution where command_id = ?")) {
            for (String id : inserted) {
                s.setString(1, id);
                s.executeUpdate();
            }
        }
        TradingControl.set("global", TradingStateRecord.State.ACTIVE, "test over");
        await().atMost(WAIT).until(() -> tradingState.state(null).equals("ACTIVE"));
    }

    @Test
    void asManyExecutionsInDoubtAsTheThresholdHaltTradingGloballyOnce() throws Exception {
        assertEquals("ACTIVE", tradingState.state(null));
        Map<TopicPartition, Long> control = topics.mark(TradingStateRecord.TOPIC);
        inDoubt();
        inDoubt();
        // Two are under the threshold: a reconciliation round counted them and wrote no halt.
        await().atMost(WAIT)
                .until(() -> registry.get("unrip_executor_in_doubt").gauge().value() == 2.0);
        assertTrue(topics.since(TradingStateRecord.TOPIC, control).isEmpty(), "no halt under the threshold");

        inDoubt();
        List<JsonNode> halts = await().atMost(WAIT)
                .until(() -> Topics.values(topics.since(TradingStateRecord.TOPIC, control)), l -> !l.isEmpty());
        JsonNode halt = halts.get(0).path("payload");
        assertEquals("HALTED", halt.path("state").asText(), halt.toString());
        assertEquals("global", halt.path("scope").asText());
        assertEquals("near-intents-execute/auto-halt", halt.path("set_by").asText());
        assertTrue(halt.path("reason").asText().contains("auto-halt in_doubt: 3 executions IN_DOUBT"), halt.toString());
        await().atMost(WAIT).until(() -> tradingState.state(null).equals("HALTED"));
        // While the count stays at the threshold, later rounds (five in this second) write nothing more.
        await().pollDelay(java.time.Duration.ofSeconds(1)).atMost(WAIT).until(() -> true);
        assertEquals(1, topics.since(TradingStateRecord.TOPIC, control).size(), "one halt per crossing");
    }

    /** One live execution IN_DOUBT, its quote deadline a minute away: reconciliation cannot decide it. */
    private void inDoubt() throws Exception {
        ObjectNode command = ExecuteRoutesTest.freshCommand(Instant.now().plusSeconds(60));
        String commandId = command.path("payload").path("command_id").asText();
        ExecuteRoutesTest.leftByADeadExecutor(command, "live", "IN_DOUBT");
        inserted.add(commandId);
    }
}
