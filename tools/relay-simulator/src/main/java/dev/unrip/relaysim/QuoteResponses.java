package dev.unrip.relaysim;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unrip.nearintents.protocol.QuoteResponse;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * The relay's answer to one quote_response, apart from the socket it came on: read it, judge it
 * ({@link QuoteChecks}), record it ({@link Ledger}), count it, and let an accepted one settle later
 * ({@link Settlement}). Also forgets pushed quote requests past their time, now and then.
 */
@ApplicationScoped
public class QuoteResponses {

    private static final Logger LOG = Logger.getLogger(QuoteResponses.class);

    @Inject
    Vertx vertx;

    @Inject
    Ledger ledger;

    @Inject
    QuoteChecks checks;

    @Inject
    PushedQuotes pushed;

    @Inject
    Settlement settlement;

    @Inject
    MeterRegistry registry;

    private long sweepTimer;

    void start(@Observes StartupEvent event) {
        sweepTimer = vertx.setPeriodic(60_000, id -> pushed.forgetOld());
    }

    void stop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(sweepTimer);
    }

    /** The JSON-RPC answer; {@code answered} false: the solver will never get it (a silence), it is judged all the same. */
    public String answer(JsonNode id, JsonNode request, boolean answered) {
        Instant now = Instant.now();
        QuoteResponse.VerifiedQuote quote;
        try {
            quote = QuoteResponse.verify(request);
        } catch (IllegalArgumentException e) {
            Ledger.Received r = ledger.malformed(
                    request.path("params").path(0).path("quote_id").asText(null), e.getMessage(), now, answered);
            registry.counter("relay_sim_responses_total", "outcome", r.outcome().code())
                    .increment();
            return RelayServer.error(id, -32602, "malformed quote_response: " + e.getMessage());
        }
        QuoteChecks.Verdict verdict = checks.judge(quote, request, now);
        Ledger.Received r = ledger.record(quote, verdict, now, answered);
        registry.counter("relay_sim_responses_total", "outcome", r.outcome().code())
                .increment();
        if (r.outcome() != Ledger.Outcome.OK) {
            LOG.debugf("quote_response for %s rejected: %s", quote.quoteId(), verdict.message());
            return RelayServer.error(id, verdict.code(), verdict.message());
        }
        settlement.maybeLater(quote.quoteId());
        return RelayServer.result(id, "OK");
    }
}
