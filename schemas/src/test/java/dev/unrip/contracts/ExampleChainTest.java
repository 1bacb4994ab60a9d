package dev.unrip.contracts;

import static dev.unrip.contracts.Contracts.EXAMPLES;
import static dev.unrip.contracts.Contracts.JSON;
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
    void normalizedExamplesDeriveTheirIdFromTheVenuesIdOfTheRequest() {
        for (String[] rule : new String[][] {
            {EventTypes.NORM_SWAP_DEMAND_V1, "request_id"}, {EventTypes.NORM_QUOTE_STATUS_V1, "quote_hash"}
        }) {
            for (Path example : examples(rule[0], "valid-")) {
                JsonNode event = read(example);
                assertEquals(
                        EventIds.requestEventId(
                                rule[0],
                                "near-intents",
                                event.path("payload").path(rule[1]).asText()),
                        event.path("event_id").asText(),
                        example.toString());
                assertTrue(EventIds.isCanonical(event.path("causation_id").asText()), example + ": its raw event");
                assertEquals(
                        event.path("ingested_at"),
                        event.path("occurred_at"),
                        example + ": a normalized event occurs when its frame was ingested");
            }
        }
    }

    /**
     * The balance examples are the events of one raw answer (valid-two-tokens): ids from the raw
     * event and the key, amounts and block from the answer, account and asset from its headers.
     */
    @Test
    void balanceExamplesAreTheEventsOfTheirRawAnswer() throws IOException {
        Path raw = EXAMPLES.resolve(EventTypes.RAW_NEAR_INTENTS_BALANCE_V1).resolve("valid-two-tokens.json");
        String rawId = EventIds.rawEventId("near-intents", "balance", Files.readAllBytes(raw));
        JsonNode headers = read(raw.resolveSibling("headers").resolve(raw.getFileName()));
        JsonNode answer = read(raw).path("result");
        JsonNode tokens =
                JSON.readTree(headers.path(NearIntentsHeaders.TOKEN_IDS).asText());
        JsonNode amounts = JSON.readTree(bytes(answer.path("result")));
        for (Path example : examples(EventTypes.NORM_BALANCE_V1, "valid-")) {
            JsonNode event = read(example);
            JsonNode p = event.path("payload");
            String key = p.path("account_id").asText() + "/" + p.path("asset").asText();
            assertEquals(rawId, event.path("causation_id").asText(), example.toString());
            assertEquals(
                    EventIds.normalizedEventId(EventTypes.NORM_BALANCE_V1, rawId, key),
                    event.path("event_id").asText(),
                    example.toString());
            assertEquals(event.path("ingested_at"), event.path("occurred_at"), example.toString());
            assertEquals(headers.path(CloudEventHeaders.INGESTED_AT), event.path("ingested_at"), example.toString());
            assertEquals(headers.path(CloudEventHeaders.OBSERVED_AT), event.path("observed_at"), example.toString());
            assertEquals(headers.path(NearIntentsHeaders.ACCOUNT_ID), p.path("account_id"), example.toString());
            int index = -1;
            for (int i = 0; i < tokens.size(); i++) {
                if (tokens.get(i).asText().equals(p.path("asset").asText())) {
                    index = i;
                }
            }
            assertTrue(index >= 0, example + ": its asset was not asked about");
            assertEquals(amounts.get(index), p.path("amount"), example.toString());
            assertEquals(answer.path("block_height"), p.path("block_height"), example.toString());
            assertEquals(answer.path("block_hash"), p.path("block_hash"), example.toString());
        }
    }

    /** Every valid raw balance answer has the headers the ingest writes with it, and they agree with it. */
    @Test
    void rawBalanceExamplesCarryTheirRecordHeaders() throws IOException {
        for (Path raw : examples(EventTypes.RAW_NEAR_INTENTS_BALANCE_V1, "valid-")) {
            JsonNode headers = read(raw.resolveSibling("headers").resolve(raw.getFileName()));
            assertEquals(
                    EventIds.rawEventId("near-intents", "balance", Files.readAllBytes(raw)),
                    headers.path(CloudEventHeaders.ID).asText(),
                    raw.toString());
            assertEquals(
                    EventTypes.RAW_NEAR_INTENTS_BALANCE_V1,
                    headers.path(CloudEventHeaders.TYPE).asText());
            assertEquals(
                    EventTypes.schemaId(EventTypes.RAW_NEAR_INTENTS_BALANCE_V1),
                    headers.path(CloudEventHeaders.DATA_SCHEMA).asText());
            JsonNode tokens =
                    JSON.readTree(headers.path(NearIntentsHeaders.TOKEN_IDS).asText());
            JsonNode amounts = JSON.readTree(bytes(read(raw).path("result").path("result")));
            assertEquals(tokens.size(), amounts.size(), raw + ": one amount per token id");
            assertTrue(headers.path(NearIntentsHeaders.RPC_URL).asText().startsWith("https://"), raw.toString());
        }
    }

    private static byte[] bytes(JsonNode array) {
        byte[] out = new byte[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) array.get(i).asInt();
        }
        return out;
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
