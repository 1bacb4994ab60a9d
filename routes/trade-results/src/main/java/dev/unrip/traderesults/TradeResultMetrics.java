package dev.unrip.traderesults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Duration;
import java.time.Instant;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Reads a trade result into headers for the results table ({@link #record}), and once the row is
 * written counts it ({@link #count}): results per status and the end-to-end latency from the
 * relay frame's arrival (observed_at) to the result.
 */
@ApplicationScoped
@Named("tradeResultMetrics")
@RegisterForReflection
public class TradeResultMetrics {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    MeterRegistry registry;

    public void record(Exchange exchange) throws Exception {
        Message in = exchange.getMessage();
        String body = in.getBody(String.class);
        JsonNode event = JSON.readTree(body);
        JsonNode p = event.path("payload");
        String status = p.path("status").asText();
        boolean republished = p.path("republished").asBoolean();
        Instant observed = Instant.parse(event.path("observed_at").asText());
        long latencyMs = Duration.between(observed, Instant.now()).toMillis();

        in.setHeader("resultId", p.path("result_id").asText());
        in.setHeader("commandId", p.path("command_id").asText());
        in.setHeader("status", status);
        in.setHeader("mode", p.path("mode").asText());
        in.setHeader("quoteId", p.path("venue_ref").path("quote_id").asText(null));
        in.setHeader("quoteHash", p.path("venue_ref").path("quote_hash").asText(null));
        in.setHeader("nonce", p.path("venue_ref").path("nonce").asText(null));
        in.setHeader("errorCode", p.path("error").path("code").asText(null));
        in.setHeader("errorReason", p.path("error").path("reason").asText(null));
        in.setHeader("observedAt", java.sql.Timestamp.from(observed));
        in.setHeader("receivedAt", java.sql.Timestamp.from(Instant.parse(p.path("timings").path("command_received_at").asText())));
        in.setHeader("latencyMs", latencyMs);
        in.setHeader("republished", republished ? 1 : 0);
        in.setHeader("event", body);
    }

    /** Counts a result once its row is written (a retried write is not counted twice). */
    public void count(Exchange exchange) {
        Message in = exchange.getMessage();
        String status = in.getHeader("status", String.class);
        boolean republished = in.getHeader("republished", Integer.class) == 1;
        long latencyMs = in.getHeader("latencyMs", Long.class);
        registry.counter("unrip_trade_results_total", "status", status, "republished", Boolean.toString(republished)).increment();
        if (!republished) {
            DistributionSummary.builder("unrip_trade_result_latency_ms")
                    .description("relay frame arrival (observed_at) to the trade result, per status")
                    .tag("status", status).publishPercentileHistogram().register(registry).record(latencyMs);
        }
    }
}
