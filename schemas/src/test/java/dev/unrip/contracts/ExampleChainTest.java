package dev.unrip.contracts;

import static dev.unrip.contracts.Contracts.EXAMPLES;
import static dev.unrip.contracts.Contracts.examples;
import static dev.unrip.contracts.Contracts.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The valid examples follow the id rules and the envelope rules, so they double as worked examples:
 * relay frame 14 → swap demand → command → result.
 */
class ExampleChainTest {

    @Test
    void normalizedExamplesDeriveTheirIdFromTheirRawEvent() {
        for (String type : new String[] {EventTypes.NORM_SWAP_DEMAND_V1, EventTypes.NORM_QUOTE_STATUS_V1}) {
            for (Path example : examples(type, "valid-")) {
                JsonNode event = read(example);
                assertEquals(
                        EventIds.normalizedEventId(
                                type, event.path("causation_id").asText()),
                        event.path("event_id").asText(),
                        example.toString());
                assertEquals(
                        event.path("ingested_at"),
                        event.path("occurred_at"),
                        example + ": a normalized event occurs when its frame was ingested");
            }
        }
    }

    @Test
    void commandExamplesCarryTheirIdAndTheDerivedIdempotencyKey() {
        for (Path example : examples(EventTypes.CMD_EXECUTE_TRADE_V1, "valid-")) {
            JsonNode command = read(example);
            String commandId = command.path("payload").path("command_id").asText();
            assertEquals(commandId, command.path("event_id").asText(), example.toString());
            assertEquals(
                    EventIds.idempotencyKey(commandId),
                    command.path("payload").path("idempotency_key").asText(),
                    example.toString());
            assertEquals(
                    command.path("payload").path("action").path("quote_id"),
                    command.path("payload").path("execution_key"),
                    example.toString());
        }
    }

    @Test
    void resultExamplesKeepOneIdPerCommand() {
        for (Path example : examples(EventTypes.EXEC_TRADE_RESULT_V1, "valid-")) {
            JsonNode result = read(example);
            String commandId = result.path("payload").path("command_id").asText();
            assertEquals(
                    EventIds.resultId(commandId),
                    result.path("payload").path("result_id").asText(),
                    example.toString());
            assertEquals(result.path("payload").path("result_id"), result.path("event_id"), example.toString());
            assertEquals(commandId, result.path("causation_id").asText(), example.toString());
        }
    }

    @Test
    void relayFrameFourteenLeadsToTheExampleDemandCommandAndResult() throws IOException {
        byte[] frame = Files.readAllBytes(EXAMPLES.resolve(EventTypes.RAW_NEAR_INTENTS_QUOTE_V1)
                .resolve("valid-event-envelope-b-with-undocumented-fields-14.json"));
        String rawId = EventIds.rawEventId("near-intents", "quote", frame);
        JsonNode demand =
                read(EXAMPLES.resolve(EventTypes.NORM_SWAP_DEMAND_V1).resolve("valid-from-frame-14-exact-in.json"));
        assertEquals(rawId, demand.path("causation_id").asText());
        JsonNode command =
                read(EXAMPLES.resolve(EventTypes.CMD_EXECUTE_TRADE_V1).resolve("valid-quote-response.json"));
        assertEquals(demand.path("event_id"), command.path("causation_id"));
        String commandId = EventIds.commandId(
                command.path("payload").path("strategy_id").asText(),
                demand.path("event_id").asText(),
                0);
        assertEquals(commandId, command.path("event_id").asText());
        assertEquals(
                demand.path("payload").path("answer_deadline"),
                command.path("payload").path("expires_at"));
        JsonNode result = read(EXAMPLES.resolve(EventTypes.EXEC_TRADE_RESULT_V1).resolve("valid-succeeded-live.json"));
        assertEquals(commandId, result.path("payload").path("command_id").asText());
        assertTrue(frame.length > 0);
    }
}
