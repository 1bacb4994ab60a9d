package dev.unrip.nearintents.execute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unrip.mapping.execute.BatchPlan;
import java.time.Instant;
import org.apache.camel.Message;

/** One command of a batch on its way through the state machine ({@link TradeExecutor#executeBatch}). */
final class BatchCommand {

    private static final ObjectMapper JSON = new ObjectMapper();

    final Message in;
    final String json;
    final JsonNode command;
    final JsonNode payload;
    final String commandId;
    final String quoteId;
    final Instant expiresAt;
    boolean seen; // the idempotent repository knew the command_id already
    ExecutionStore.Received known; // what recording it RECEIVED found
    BatchPlan.Decision decision;
    BatchCommand first; // the same command_id earlier in this batch
    String result; // the result event to publish, if any
    NearIntentsVenue.Quote quote;
    NearIntentsVenue.Sending sending;
    NearIntentsVenue.Outcome outcome;
    Instant sentAt;

    BatchCommand(Message in) throws Exception {
        this.in = in;
        this.json = in.getBody(String.class);
        this.command = JSON.readTree(json);
        this.payload = command.path("payload");
        this.commandId = payload.path("command_id").asText();
        this.quoteId = payload.path("action").path("quote_id").asText();
        this.expiresAt = Instant.parse(payload.path("expires_at").asText());
    }

    /** As the batch plan sees it, once received. */
    BatchPlan.Command planned() {
        return new BatchPlan.Command(
                commandId,
                expiresAt,
                payload.path("action").path("amount_out").asText(),
                payload.path("limits").path("max_amount_out").asText("0"),
                seen,
                known.fresh(),
                known.state(),
                known.result() != null);
    }
}
