package dev.unrip.nearintents.normalize;

import dev.unrip.mapping.Mapped;
import dev.unrip.mapping.RawEnvelope;
import dev.unrip.mapping.nearintents.BalanceQuery;
import dev.unrip.mapping.nearintents.NearIntentsBalances;
import dev.unrip.mapping.nearintents.NearIntentsMapping;
import dev.unrip.routes.common.Events;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultMessage;

/**
 * The normalize routes' adapter over the mapping library (NearIntentsMapping, NearIntentsBalances):
 * the raw record's bytes and envelope headers in; the event as the body, its envelope as CloudEvents
 * headers and its key out. The raw record's own headers go.
 */
@ApplicationScoped
@Named("nearIntentsNormalizer")
@RegisterForReflection
public class NearIntentsNormalizer {

    /** raw.near_intents.quote (already schema-valid) → norm.swap_demand.v1. */
    public String swapDemand(Exchange exchange) throws IOException {
        Message in = exchange.getMessage();
        return Events.emit(in, NearIntentsMapping.swapDemand(in.getBody(byte[].class), RawEnvelope.of(in::getHeader)));
    }

    /** raw.near_intents.quote_status (already schema-valid) → norm.quote_status.v1. */
    public String quoteStatus(Exchange exchange) throws IOException {
        Message in = exchange.getMessage();
        return Events.emit(in, NearIntentsMapping.quoteStatus(in.getBody(byte[].class), RawEnvelope.of(in::getHeader)));
    }

    /**
     * raw.near_intents.balance (already schema-valid) → its norm.balance.v1 events, one message
     * each (the event as the body, its envelope headers, its key), in the order the token ids were
     * asked. The messages are new: the raw record's headers (its query, its offsets) stay behind.
     */
    public List<Message> balances(Exchange exchange) throws IOException {
        Message in = exchange.getMessage();
        List<Mapped> events = NearIntentsBalances.balances(
                in.getBody(byte[].class), RawEnvelope.of(in::getHeader), BalanceQuery.of(in::getHeader));
        List<Message> messages = new ArrayList<>(events.size());
        for (Mapped event : events) {
            Message message = new DefaultMessage(exchange);
            message.setBody(Events.emit(message, event));
            messages.add(message);
        }
        return messages;
    }
}
