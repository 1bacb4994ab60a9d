package dev.unrip.mapping.execute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unrip.contracts.EventIds;
import dev.unrip.contracts.EventTime;
import dev.unrip.mapping.Envelope;
import dev.unrip.mapping.Mapped;
import java.time.Instant;

/**
 * exec.trade_result.v1: the outcome of one command, keyed by command_id, its id derived from it
 * (one result id per command, however often it is published).
 */
public final class TradeResults {

    public static final String RESULT = "exec.trade_result.v1";

    private TradeResults() {}

    /** What the venue knows the execution by. */
    public record VenueRef(String quoteId, String quoteHash, String nonce) {}

    /**
     * A first-hand outcome (republished false, delivery 1).
     *
     * @param sentAt     when it left for the venue (null: it never did)
     * @param answeredAt when the venue answered (null: no answer, or paper mode)
     * @param errorCode  null for SUCCEEDED
     */
    public static Mapped result(
            JsonNode command,
            String source,
            String mode,
            String status,
            Instant received,
            Instant sentAt,
            Instant answeredAt,
            String errorCode,
            String errorReason,
            VenueRef venue) {
        String commandId = command.path("payload").path("command_id").asText();
        ObjectNode timings = Envelope.object();
        timings.put("command_received_at", EventTime.format(received));
        timings.put("executed_at", "SUCCEEDED".equals(status) || sentAt != null ? EventTime.now() : null);
        timings.put("sent_at", sentAt == null ? null : EventTime.format(sentAt));
        timings.put("answered_at", answeredAt == null ? null : EventTime.format(answeredAt));
        ObjectNode ref = Envelope.object();
        ref.put("quote_id", venue.quoteId());
        ref.put("quote_hash", venue.quoteHash());
        ref.put("nonce", venue.nonce());
        ObjectNode payload = Envelope.object();
        payload.put("result_id", EventIds.resultId(commandId));
        payload.put("command_id", commandId);
        payload.put("status", status);
        payload.put("mode", mode);
        payload.put("republished", false);
        payload.put("delivery", 1);
        payload.set("venue_ref", ref);
        payload.set("timings", timings);
        if (errorCode != null) {
            payload.putObject("error").put("code", errorCode).put("reason", errorReason == null ? "" : errorReason);
        } else {
            payload.putNull("error");
        }
        return new Mapped(
                commandId,
                Envelope.event(
                        EventIds.resultId(commandId),
                        RESULT,
                        command.path("venue").asText(),
                        source,
                        EventTime.now(),
                        command.path("observed_at").asText(),
                        command.path("ingested_at").asText(),
                        commandId,
                        payload));
    }
}
