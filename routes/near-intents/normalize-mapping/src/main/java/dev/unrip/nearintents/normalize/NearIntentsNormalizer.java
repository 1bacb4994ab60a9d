package dev.unrip.nearintents.normalize;

import dev.unrip.mapping.RawEnvelope;
import dev.unrip.mapping.nearintents.NearIntentsMapping;
import dev.unrip.routes.common.Events;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.io.IOException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The normalize routes' adapter over the mapping library (NearIntentsMapping): the raw record's
 * bytes and envelope headers in; the event as the body, its envelope as CloudEvents headers and its
 * key out. The raw record's own headers go.
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
}
