package dev.unrip.reactor;

import dev.unrip.mapping.Envelope;
import dev.unrip.mapping.reactor.Decision;
import dev.unrip.mapping.reactor.FixedSpread;
import dev.unrip.routes.common.Events;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The reactor's adapter over the strategy of the mapping library ({@link FixedSpread}): the demand
 * in, the command as the body with its envelope headers and key, or no body with the skip reason
 * in {@link #SKIP_REASON}. The route (reactor.camel.yaml) holds the trading state in front of it and
 * counts commands and skips.
 */
// Created at start: a malformed reactor.pairs stops the application with its message.
@Startup
@ApplicationScoped
@Named("fixed-spread")
@RegisterForReflection
public class FixedSpreadStrategy {

    public static final String SKIP_REASON = "reactor_skip_reason";

    @ConfigProperty(name = "reactor.strategy-id")
    String strategyId;

    @ConfigProperty(name = "reactor.spread-bps")
    int spreadBps;

    @ConfigProperty(name = "reactor.quote-validity-margin-ms")
    long validityMarginMs;

    @ConfigProperty(name = "reactor.pairs")
    List<String> pairs;

    private FixedSpread strategy;

    @PostConstruct
    void configure() {
        strategy = new FixedSpread(strategyId, spreadBps, validityMarginMs, FixedSpread.parseRates(pairs));
    }

    /** @return the cmd.execute_trade.v1 event, or null with {@link #SKIP_REASON} set. */
    public String decide(Exchange exchange) throws IOException {
        Message in = exchange.getMessage();
        Decision decision = strategy.decide(Envelope.json().readTree(in.getBody(byte[].class)), Instant.now());
        if (decision.command() == null) {
            in.setHeader(SKIP_REASON, decision.skipReason());
            return null;
        }
        return Events.emit(in, decision.command());
    }
}
