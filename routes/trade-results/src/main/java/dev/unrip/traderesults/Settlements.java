package dev.unrip.traderesults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The settlement steps a route cannot say by itself: {@link #read} turns one quote status into
 * its row of quote_settlement; {@link #values} picks the quote hashes (or result ids) of a batch's
 * rows for the settlement and answer statements; {@link #mismatches} picks the results settled now
 * that our books say did not trade; {@link #winRatio} keeps what the table says for
 * the gauge {@code unrip_trade_results_win_ratio}: of our results the relay accepted in live mode
 * in the window, the share that a quote status settled (NaN while there is none).
 */
@ApplicationScoped
@Startup
@Named("settlements")
@RegisterForReflection
public class Settlements {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    MeterRegistry registry;

    private volatile double winRatio = Double.NaN;

    @PostConstruct
    void registerGauge() {
        Gauge.builder("unrip_trade_results_win_ratio", this, s -> s.winRatio)
                .description("of our quotes the relay accepted in live mode (stored in the last"
                        + " trade-results.win-ratio.window-hours), the share the venue reports used (settled)")
                .register(registry);
    }

    /** One validated norm.quote_status (the body) → its row, as the body. */
    public void read(Exchange exchange) throws Exception {
        Message in = exchange.getMessage();
        JsonNode event = JSON.readTree(in.getBody(String.class));
        JsonNode p = event.path("payload");
        Map<String, Object> row = new HashMap<>();
        row.put("quoteHash", p.path("quote_hash").asText());
        row.put("intentHash", p.path("intent_hash").asText());
        row.put("txHash", p.path("tx_hash").asText(null));
        // Settled when the venue said so.
        row.put(
                "settledAt",
                Timestamp.from(Instant.parse(event.path("observed_at").asText())));
        row.put("statusEventId", event.path("event_id").asText());
        in.setBody(row);
    }

    /** The non-null values of one column of a batch's rows, e.g. its quote hashes. */
    public List<Object> values(List<Map<String, Object>> rows, String column) {
        List<Object> values = new ArrayList<>(rows.size());
        for (Map<String, Object> row : rows) {
            if (row.get(column) != null) {
                values.add(row.get(column));
            }
        }
        return values;
    }

    /** What a result says did not trade: a settlement of one contradicts our books. */
    private static final Set<String> NOT_TRADED = Set.of("FAILED", "REJECTED", "EXPIRED");

    /**
     * sql/apply-settlements.sql's rows (one per result settled now) → those whose recorded status
     * says the trade did not happen, as "result_id status" texts.
     */
    public List<String> mismatches(List<Map<String, Object>> settledNow) {
        List<String> mismatches = new ArrayList<>();
        for (Map<String, Object> row : settledNow) {
            Object status = row.get("status");
            if (status != null && NOT_TRADED.contains(status.toString())) {
                mismatches.add(row.get("result_id") + " " + status);
            }
        }
        return mismatches;
    }

    /** sql/win-ratio.sql's one row (answered, settled) → the gauge's value. */
    public void winRatio(List<Map<String, Object>> counts) {
        long answered = ((Number) counts.get(0).get("answered")).longValue();
        long settled = ((Number) counts.get(0).get("settled")).longValue();
        winRatio = answered == 0 ? Double.NaN : (double) settled / answered;
    }
}
