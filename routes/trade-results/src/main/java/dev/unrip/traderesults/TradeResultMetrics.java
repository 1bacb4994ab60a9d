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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The two steps of the trade-results route that a route cannot say by itself: {@link #read} turns
 * one result into its row of the results table (a map of the insert's named parameters), and
 * once the poll's rows are written, {@link #count} counts them: results per status and the
 * end-to-end latency from the relay frame's arrival (observed_at) to the result.
 */
@ApplicationScoped
@Named("tradeResultMetrics")
@RegisterForReflection
public class TradeResultMetrics {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    MeterRegistry registry;

    /** One validated result (the body) → its row, as the body. */
    public void read(Exchange exchange) throws Exception {
        Message in = exchange.getMessage();
        String body = in.getBody(String.class);
        JsonNode event = JSON.readTree(body);
        JsonNode p = event.path("payload");
        Instant observed = Instant.parse(event.path("observed_at").asText());

        Map<String, Object> row = new HashMap<>();
        row.put("resultId", p.path("result_id").asText());
        row.put("commandId", p.path("command_id").asText());
        row.put("status", p.path("status").asText());
        row.put("mode", p.path("mode").asText());
        row.put("quoteId", p.path("venue_ref").path("quote_id").asText(null));
        row.put("quoteHash", p.path("venue_ref").path("quote_hash").asText(null));
        row.put("nonce", p.path("venue_ref").path("nonce").asText(null));
        row.put("errorCode", p.path("error").path("code").asText(null));
        row.put("errorReason", p.path("error").path("reason").asText(null));
        row.put("observedAt", java.sql.Timestamp.from(observed));
        row.put(
                "receivedAt",
                java.sql.Timestamp.from(Instant.parse(
                        p.path("timings").path("command_received_at").asText())));
        row.put("latencyMs", Duration.between(observed, Instant.now()).toMillis());
        row.put("republished", p.path("republished").asBoolean() ? 1 : 0);
        row.put("event", body);
        in.setBody(row);
    }

    /** The rows of a poll's accepted results (what the split aggregated), for the batch insert. */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> rows(List<Message> accepted) {
        List<Map<String, Object>> rows = new ArrayList<>(accepted.size());
        for (Message m : accepted) {
            rows.add(m.getBody(Map.class));
        }
        return rows;
    }

    /** Counts the rows once they are written (a retried batch is not counted twice). */
    public void count(List<Map<String, Object>> rows) {
        for (Map<String, Object> row : rows) {
            String status = (String) row.get("status");
            boolean republished = ((Integer) row.get("republished")) == 1;
            registry.counter(
                            "unrip_trade_results_total", "status", status, "republished", Boolean.toString(republished))
                    .increment();
            if (!republished) {
                DistributionSummary.builder("unrip_trade_result_latency_ms")
                        .description("relay frame arrival (observed_at) to the trade result, per status")
                        .tag("status", status)
                        .publishPercentileHistogram()
                        .register(registry)
                        .record((Long) row.get("latencyMs"));
            }
        }
    }
}
