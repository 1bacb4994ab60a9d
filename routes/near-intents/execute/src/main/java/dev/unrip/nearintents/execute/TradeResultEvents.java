package dev.unrip.nearintents.execute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unrip.mapping.Mapped;
import dev.unrip.mapping.execute.ExecutionState;
import dev.unrip.mapping.execute.TradeResults;
import dev.unrip.routes.common.Events;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Instant;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The executor's exec.trade_result events: built by the mapping library's {@link TradeResults}
 * (source and mode are this executor's), re-published as they were stored, and addressed (key and
 * headers) for the result topic.
 */
@ApplicationScoped
@Named("tradeResultEvents")
@RegisterForReflection
public class TradeResultEvents {

    static final String SOURCE = "unrip/near-intents-execute";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    ExecutorConfig config;

    /** A first-hand outcome; sentAt and answeredAt null where it never left or was never answered. */
    public String result(
            JsonNode command,
            ExecutionState status,
            Instant received,
            Instant sentAt,
            Instant answeredAt,
            String errorCode,
            String errorReason,
            TradeResults.VenueRef venueRef) {
        return TradeResults.result(
                        command,
                        SOURCE,
                        config.mode(),
                        status.text(),
                        received,
                        sentAt,
                        answeredAt,
                        errorCode,
                        errorReason,
                        venueRef)
                .json();
    }

    /** The stored outcome again: same result_id, marked republished, with its delivery count (2 at least). */
    public static String republished(String stored, int deliveries) throws Exception {
        ObjectNode event = (ObjectNode) JSON.readTree(stored);
        ((ObjectNode) event.path("payload")).put("republished", true).put("delivery", Math.max(2, deliveries));
        return JSON.writeValueAsString(event);
    }

    /** Result headers for the exec.trade_result record (also used for reconciled results). */
    public String setHeaders(Message in, String result, String commandId) throws Exception {
        Events.address(in, new Mapped(commandId, (ObjectNode) JSON.readTree(result)));
        return result;
    }

    /** Sets the record key and headers of a reconciled result (body = result JSON). */
    public void prepareReconciled(Exchange exchange) throws Exception {
        String result = exchange.getMessage().getBody(String.class);
        setHeaders(
                exchange.getMessage(),
                result,
                JSON.readTree(result).path("payload").path("command_id").asText());
    }
}
