package dev.unrip.nearintents.execute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unrip.mapping.execute.BatchPlan;
import dev.unrip.mapping.execute.ExecutionRows;
import java.time.Instant;
import org.apache.camel.Message;

/** One command of a batch on its way through the state machine ({@link TradeExecutor#executeBatch}). */
final class BatchCommand {

    private static final ObjectMapper JSON = new ObjectMapper();

    final Message in;
    final String json;
    final JsonNode command;
    final JsonNode payload;
    /** Its receive statement's row, read from the event once: command_id, quote_id, expires_at, ... */
    final ExecutionRows.Receive receive;

    final String commandId;
    final String quoteId;
    boolean seen; // the idempotent repository knew the command_id already
    ExecutionStore.Received known; // what recording it RECEIVED found
    BatchPlan.Decision decision;
    BatchCommand first; // the same command_id earlier in this batch
    String result; // the result event to publish, if any
    NearIntentsVenue.Quote quote;
    NearIntentsVenue.Sending sending;
    NearIntentsVenue.Outcome outcome;
    Instant sentAt;

    BatchCommand(Message in, String mode) throws Exception {
        this.in = in;
        this.json = in.getBody(String.class);
        this.command = JSON.readTree(json);
        this.payload = command.path("payload");
        this.receive = ExecutionRows.Receive.of(json, command, mode);
        this.commandId = receive.commandId();
        this.quoteId = receive.quoteId();
    }

    /** As the batch plan sees it, once received. */
    BatchPlan.Command planned() {
        return BatchPlan.Command.received(receive, command, seen, known.fresh(), known.state(), known.result() != null);
    }
}
