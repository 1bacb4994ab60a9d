package dev.unrip.reactor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unrip.contracts.CloudEventHeaders;
import dev.unrip.contracts.EventIds;
import dev.unrip.contracts.EventTime;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The placeholder strategy: answer every swap demand whose pair is on the allow-list, at the
 * configured rate less a fixed spread; skip what cannot be answered in time. Deterministic: the
 * command and its id depend only on the event (and the configuration), so a replay of the same
 * events yields the same command_ids, which the executor has already seen.
 */
@ApplicationScoped
@Named("fixedSpreadStrategy")
@RegisterForReflection
public class FixedSpreadStrategy {

    public static final String SKIP_REASON = "reactor_skip_reason";
    private static final ObjectMapper JSON = new ObjectMapper();

    @ConfigProperty(name = "reactor.strategy-id")
    String strategyId;
    @ConfigProperty(name = "reactor.halt")
    boolean halt;
    @ConfigProperty(name = "reactor.spread-bps")
    int spreadBps;
    @ConfigProperty(name = "reactor.quote-validity-margin-ms")
    long validityMarginMs;
    @ConfigProperty(name = "reactor.pairs")
    List<String> pairs;
    @Inject
    MeterRegistry registry;

    private Map<String, BigDecimal> rates;

    /** @return the cmd.execute_trade.v1 event, or null with {@link #SKIP_REASON} set. */
    public String decide(Exchange exchange) throws IOException {
        Message in = exchange.getMessage();
        JsonNode event = JSON.readTree(in.getBody(byte[].class));
        JsonNode demand = event.path("payload");
        if (halt) {
            return skip(in, "halted");
        }
        String assetIn = demand.path("asset_in").path("venue_id").asText();
        String assetOut = demand.path("asset_out").path("venue_id").asText();
        BigDecimal rate = rates().get(assetIn + ">" + assetOut);
        if (rate == null) {
            return skip(in, "pair_not_allowed");
        }
        Instant expiresAt = Instant.parse(demand.path("answer_deadline").asText());
        if (Instant.now().isAfter(expiresAt)) {
            return skip(in, "deadline_cannot_be_met");
        }
        BigDecimal spread = BigDecimal.ONE.subtract(BigDecimal.valueOf(spreadBps, 4));
        BigDecimal amount = new BigDecimal(demand.path("amount").asText());
        boolean exactIn = "EXACT_IN".equals(demand.path("side").asText());
        BigDecimal amountIn = exactIn ? amount : amount.divide(rate.multiply(spread), 0, RoundingMode.CEILING);
        BigDecimal amountOut = exactIn ? amount.multiply(rate).multiply(spread).setScale(0, RoundingMode.FLOOR) : amount;
        if (amountIn.signum() <= 0 || amountOut.signum() <= 0) {
            return skip(in, "amount_too_small");
        }
        // Never give more than the request's fair value: the executor refuses anything above it.
        BigDecimal maxAmountOut = exactIn ? amount.multiply(rate).setScale(0, RoundingMode.FLOOR) : amount;

        String eventId = event.path("event_id").asText();
        String commandId = EventIds.commandId(strategyId, eventId, 0);
        String quoteId = demand.path("request_id").asText();
        ObjectNode action = JSON.createObjectNode();
        action.put("type", "quote_response");
        action.put("quote_id", quoteId);
        action.put("asset_in", assetIn);
        action.put("asset_out", assetOut);
        action.put("side", demand.path("side").asText());
        action.put("amount_in", amountIn.toPlainString());
        action.put("amount_out", amountOut.toPlainString());
        // The signed quote must stay valid min_deadline_ms after the answer, plus a margin.
        action.put("quote_deadline", EventTime.format(expiresAt.plusMillis(demand.path("min_deadline_ms").asLong() + validityMarginMs)));
        ObjectNode payload = JSON.createObjectNode();
        payload.put("command_id", commandId);
        payload.put("idempotency_key", EventIds.idempotencyKey(commandId));
        payload.put("execution_key", quoteId);
        payload.put("strategy_id", strategyId);
        payload.put("expires_at", EventTime.format(expiresAt));
        payload.set("action", action);
        payload.putObject("limits").put("max_amount_out", maxAmountOut.toPlainString());

        ObjectNode command = JSON.createObjectNode();
        command.put("event_id", commandId);
        command.put("event_type", "cmd.execute_trade.v1");
        command.put("schema_version", "1.0");
        command.put("venue", event.path("venue").asText());
        command.put("source", "unrip/reactor");
        // A pure function of the demand: the same demand replayed gives the same command, byte for byte.
        command.put("occurred_at", event.path("occurred_at").asText());
        command.put("observed_at", event.path("observed_at").asText());
        command.put("ingested_at", event.path("ingested_at").asText());
        command.put("causation_id", eventId);
        command.set("payload", payload);

        in.removeHeaders("ce_*");
        in.removeHeaders("unrip_*");
        in.getHeaders().putAll(CloudEventHeaders.mirror(command));
        in.setHeader(KafkaConstants.KEY, quoteId);
        registry.counter("unrip_reactor_commands_total", "strategy", strategyId).increment();
        return JSON.writeValueAsString(command);
    }

    private String skip(Message in, String reason) {
        in.setHeader(SKIP_REASON, reason);
        registry.counter("unrip_reactor_skipped_total", "reason", reason).increment();
        return null;
    }

    /** "assetIn>assetOut=rate" entries: smallest units of out per smallest unit of in. */
    private synchronized Map<String, BigDecimal> rates() {
        if (rates == null) {
            Map<String, BigDecimal> parsed = new HashMap<>();
            for (String entry : pairs) {
                int eq = entry.lastIndexOf('=');
                if (eq < 0 || !entry.substring(0, eq).contains(">")) {
                    throw new IllegalArgumentException("reactor.pairs entry '" + entry + "' is not 'assetIn>assetOut=rate'");
                }
                parsed.put(entry.substring(0, eq).trim(), new BigDecimal(entry.substring(eq + 1).trim()));
            }
            rates = Map.copyOf(parsed);
        }
        return rates;
    }
}
