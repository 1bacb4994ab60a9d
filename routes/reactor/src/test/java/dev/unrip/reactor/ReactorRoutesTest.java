package dev.unrip.reactor;

import static dev.unrip.routes.testing.Topics.header;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unrip.contracts.EventIds;
import dev.unrip.contracts.EventTime;
import dev.unrip.routes.testing.Examples;
import dev.unrip.routes.testing.KafkaBrokerResource;
import dev.unrip.routes.testing.RouteGroupTest;
import dev.unrip.routes.testing.Topics;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The reactor's routes (reactor.camel.yaml: the batching hop consumeSwapDemand and the per-record
 * reactToSwapDemand) in-process against a real broker: demands in on norm.swap_demand, commands out
 * on cmd.execute_trade, rejects on dlq.reactor.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class ReactorRoutesTest extends RouteGroupTest {

    private static final String DEMAND = "norm.swap_demand.v1";

    @Test
    void anAllowListedDemandInTimeBecomesOneCommandDerivedFromIt() throws Exception {
        Map<TopicPartition, Long> commands = topics.mark("cmd.execute_trade");
        ObjectNode demand = freshDemand();
        String eventId = demand.path("event_id").asText();
        topics.send("norm.swap_demand", "pair", JSON.writeValueAsBytes(demand), Map.of());

        JsonNode command = await().atMost(WAIT)
                .until(() -> commandsFor(commands, eventId), l -> !l.isEmpty())
                .get(0);
        assertEquals(
                EventIds.commandId("fixed-spread-v1", eventId, 0),
                command.path("payload").path("command_id").asText());
        assertEquals(
                demand.path("payload").path("answer_deadline").asText(),
                command.path("payload").path("expires_at").asText());
        assertEquals(
                demand.path("payload").path("request_id").asText(),
                command.path("payload").path("action").path("quote_id").asText());
        assertTrue(
                RestAssured.get("/q/metrics")
                        .asString()
                        .lines()
                        .anyMatch(l -> l.startsWith("unrip_reactor_commands_total{")
                                && l.contains("strategy=\"fixed-spread-v1\"")
                                && !l.endsWith(" 0.0")),
                "the command is not counted by strategy");
    }

    @Test
    void everyInvalidDemandExampleIsDeadLetteredWithTheReasonNamingItsField() throws Exception {
        Map<TopicPartition, Long> dlq = topics.mark("dlq.reactor");
        List<Path> invalid = Examples.invalid(DEMAND);
        for (Path example : invalid) {
            topics.send("norm.swap_demand", example.getFileName().toString(), Examples.bytes(example), Map.of());
        }
        await().atMost(WAIT).until(() -> topics.since("dlq.reactor", dlq).size() >= invalid.size());
        for (ConsumerRecord<String, byte[]> rejected : topics.since("dlq.reactor", dlq)) {
            String field = Examples.fieldOf(Path.of(rejected.key()));
            String reason = header(rejected, "dlq_reason");
            assertTrue(
                    reason.contains(field), rejected.key() + ": the reason does not name '" + field + "': " + reason);
            assertEquals("reactor/reactToSwapDemand", header(rejected, "dlq_stage"));
        }
    }

    @Test
    void aDemandPastItsDeadlineGivesNoCommandAndIsCountedByReason() throws Exception {
        Map<TopicPartition, Long> commands = topics.mark("cmd.execute_trade");
        ObjectNode late = freshDemand();
        ((ObjectNode) late.path("payload"))
                .put("answer_deadline", EventTime.format(Instant.now().minusSeconds(1)));
        ObjectNode marker = freshDemand();
        topics.sendAll(
                "norm.swap_demand",
                "pair",
                List.of(JSON.writeValueAsBytes(late), JSON.writeValueAsBytes(marker)),
                Map.of());

        // Same partition, in order: once the marker's command is out, the late demand was decided.
        await().atMost(WAIT)
                .until(() -> commandsFor(commands, marker.path("event_id").asText()), l -> !l.isEmpty());
        assertTrue(
                commandsFor(commands, late.path("event_id").asText()).isEmpty(),
                "a command for a demand past its deadline");
        String metrics =
                RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(
                metrics.lines()
                        .anyMatch(l -> l.startsWith("unrip_reactor_skipped_total{")
                                && l.contains("reason=\"deadline_cannot_be_met\"")),
                "the skip is not counted by reason");
    }

    static byte[] freshDemandBytes() throws Exception {
        return JSON.writeValueAsBytes(freshDemand());
    }

    /** The frame-14 example demand with a new id and an answer deadline a minute from now. */
    private static ObjectNode freshDemand() throws Exception {
        ObjectNode demand = (ObjectNode) JSON.readTree(Examples.bytes(Examples.valid(DEMAND).stream()
                .filter(p -> p.getFileName().toString().contains("frame-14"))
                .findFirst()
                .orElseThrow()));
        demand.put("event_id", UUID.randomUUID().toString());
        ((ObjectNode) demand.path("payload"))
                .put("answer_deadline", EventTime.format(Instant.now().plusSeconds(60)));
        return demand;
    }

    private List<JsonNode> commandsFor(Map<TopicPartition, Long> mark, String demandId) {
        return Topics.values(topics.since("cmd.execute_trade", mark)).stream()
                .filter(c -> c.path("causation_id").asText().equals(demandId))
                .toList();
    }
}
