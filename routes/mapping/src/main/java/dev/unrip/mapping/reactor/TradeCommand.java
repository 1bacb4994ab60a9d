package dev.unrip.mapping.reactor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unrip.contracts.EventIds;
import dev.unrip.contracts.EventTime;
import dev.unrip.mapping.Envelope;
import dev.unrip.mapping.Mapped;
import java.math.BigInteger;
import java.time.Instant;

/**
 * The cmd.execute_trade.v1 event answering one norm.swap_demand.v1 with a quote, keyed by the
 * venue's quote id. Its command_id is a pure function of the strategy and the demand's event id,
 * so the same demand replayed gives the same command_id, which the executor has already seen.
 */
public final class TradeCommand {

    public static final String COMMAND = "cmd.execute_trade.v1";
    public static final String SOURCE = "unrip/reactor";

    private TradeCommand() {}

    /** When the demand's answer is due: past it, no command. */
    public static Instant answerDeadline(JsonNode demandEvent) {
        return Instant.parse(demandEvent.path("payload").path("answer_deadline").asText());
    }

    /**
     * The signed quote must stay valid min_deadline_ms after the answer, plus a margin (the public
     * solver adds 10 s): until then its asset_out stays reserved.
     */
    public static Instant quoteDeadline(JsonNode demandEvent, long validityMarginMs) {
        return answerDeadline(demandEvent)
                .plusMillis(demandEvent.path("payload").path("min_deadline_ms").asLong() + validityMarginMs);
    }

    /** @param maxAmountOut the request's fair value: the executor refuses to give more */
    public static Mapped of(
            JsonNode event,
            String strategyId,
            long validityMarginMs,
            BigInteger amountIn,
            BigInteger amountOut,
            BigInteger maxAmountOut) {
        JsonNode demand = event.path("payload");
        String eventId = event.path("event_id").asText();
        String commandId = EventIds.commandId(strategyId, eventId, 0);
        String quoteId = demand.path("request_id").asText();
        ObjectNode action = Envelope.object();
        action.put("type", "quote_response");
        action.put("quote_id", quoteId);
        action.put("asset_in", demand.path("asset_in").path("venue_id").asText());
        action.put("asset_out", demand.path("asset_out").path("venue_id").asText());
        action.put("side", demand.path("side").asText());
        action.put("amount_in", amountIn.toString());
        action.put("amount_out", amountOut.toString());
        action.put("quote_deadline", EventTime.format(quoteDeadline(event, validityMarginMs)));
        ObjectNode payload = Envelope.object();
        payload.put("command_id", commandId);
        payload.put("idempotency_key", EventIds.idempotencyKey(commandId));
        payload.put("execution_key", quoteId);
        payload.put("strategy_id", strategyId);
        payload.put("expires_at", EventTime.format(answerDeadline(event)));
        payload.set("action", action);
        payload.putObject("limits").put("max_amount_out", maxAmountOut.toString());
        return new Mapped(
                quoteId,
                Envelope.event(
                        commandId,
                        COMMAND,
                        event.path("venue").asText(),
                        SOURCE,
                        event.path("occurred_at").asText(),
                        event.path("observed_at").asText(),
                        event.path("ingested_at").asText(),
                        eventId,
                        payload));
    }
}
