package dev.unrip.binance.normalize;

import dev.unrip.mapping.RawEnvelope;
import dev.unrip.mapping.binance.BinanceMapping;
import dev.unrip.routes.common.Events;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The normalize route's adapter over the mapping library (BinanceMapping): the raw record's bytes
 * and envelope headers in; the event as the body, its envelope as CloudEvents headers and its key
 * (the instrument) out. The raw record's own headers go.
 */
@ApplicationScoped
@Named("binanceNormalizer")
@RegisterForReflection
public class BinanceNormalizer {

    /** raw.binance.depth (already schema-valid) → norm.order_book.v1. */
    public String orderBook(Exchange exchange) {
        Message in = exchange.getMessage();
        return Events.emit(in, BinanceMapping.orderBook(in.getBody(byte[].class), RawEnvelope.of(in::getHeader)));
    }
}
