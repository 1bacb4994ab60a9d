package dev.unrip.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.unrip.contracts.CloudEventHeaders;
import dev.unrip.contracts.EventIds;
import dev.unrip.contracts.EventTime;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The JSON work of our hops, done with plain Java for the baseline chain: the same schemas from
 * the contracts jar, validated with the same library (networknt, as camel-json-validator does:
 * parse the bytes, validate the tree), the same mapping as NearIntentsNormalizer and
 * FixedSpreadStrategy (same fields, same ids, same number of parses), the same serialization.
 */
final class PlainHops {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String STRATEGY_ID = "fixed-spread-v1";
    static final int SPREAD_BPS = 30;
    static final long VALIDITY_MARGIN_MS = 10_000;
    /** reactor.pairs of routes/reactor application.properties. */
    static final Map<String, BigDecimal> RATES = Map.of(
            "nep141:wrap.near>nep141:usdt.tether-token.near", new BigDecimal("0.000000000000000003"),
            "nep141:usdt.tether-token.near>nep141:wrap.near", new BigDecimal("333333333333333333"),
            "nep141:eth.omft.near>nep141:usdt.tether-token.near", new BigDecimal("0.000000003"),
            "nep141:usdt.tether-token.near>nep141:eth.omft.near", new BigDecimal("333333333"),
            "nep141:wrap.near>nep141:eth.omft.near", new BigDecimal("0.000000001"),
            "nep141:eth.omft.near>nep141:wrap.near", new BigDecimal("1000000000"));

    /** A record to produce: key, value, headers (the envelope mirrored). */
    record Out(String key, byte[] value, Map<String, Object> headers) {
    }

    final JsonSchema rawQuote = schema("raw.near_intents.quote.v1");
    final JsonSchema swapDemand = schema("norm.swap_demand.v1");
    final JsonSchema executeTrade = schema("cmd.execute_trade.v1");
    final JsonSchema tradeResult = schema("exec.trade_result.v1");

    static JsonSchema schema(String type) {
        try (InputStream in = PlainHops.class.getClassLoader().getResourceAsStream("schemas/" + type + ".schema.json")) {
            if (in == null) {
                throw new IllegalStateException("schema " + type + " is not on the class path (unrip-schemas)");
            }
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** As json-validator: parse, validate, fail with the messages. */
    static void validate(JsonSchema schema, byte[] value) throws IOException {
        Set<ValidationMessage> errors = schema.validate(JSON.readTree(value));
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("invalid: " + errors);
        }
    }

    // --- normalize: raw.near_intents.quote -> norm.swap_demand (NearIntentsNormalizer.swapDemand) ---

    Out normalize(byte[] frame, Headers headers) throws IOException {
        validate(rawQuote, frame);
        JsonNode data = payloadOf(frame);
        String rawId = header(headers, CloudEventHeaders.ID);
        Instant observed = Instant.parse(header(headers, CloudEventHeaders.OBSERVED_AT));
        String ingestedAt = header(headers, CloudEventHeaders.INGESTED_AT);
        String assetIn = data.path("defuse_asset_identifier_in").asText();
        String assetOut = data.path("defuse_asset_identifier_out").asText();
        boolean exactIn = data.hasNonNull("exact_amount_in");
        long minDeadlineMs = Long.parseLong(data.path("min_deadline_ms").asText());

        ObjectNode payload = JSON.createObjectNode();
        payload.put("request_id", data.path("quote_id").asText());
        payload.set("asset_in", asset(assetIn));
        payload.set("asset_out", asset(assetOut));
        payload.put("side", exactIn ? "EXACT_IN" : "EXACT_OUT");
        payload.put("amount", data.path(exactIn ? "exact_amount_in" : "exact_amount_out").asText());
        payload.put("min_deadline_ms", minDeadlineMs);
        long answerWindowMs = data.hasNonNull("max_wait_ms") ? data.path("max_wait_ms").asLong() : 3000;
        payload.put("answer_window_ms", answerWindowMs);
        payload.put("answer_deadline", EventTime.format(observed.plusMillis(answerWindowMs)));
        payload.put("indicative", data.path("trusted_metadata").path("quote_request_data").path("dry").asBoolean(false));
        payload.set("venue_extras", venueExtras(frame, data));

        String type = "norm.swap_demand.v1";
        ObjectNode event = JSON.createObjectNode();
        event.put("event_id", EventIds.normalizedEventId(type, rawId));
        event.put("event_type", type);
        event.put("schema_version", "1.0");
        event.put("venue", "near-intents");
        event.put("source", "unrip/near-intents-normalize");
        event.put("occurred_at", ingestedAt);
        event.put("observed_at", EventTime.format(observed));
        event.put("ingested_at", ingestedAt);
        event.put("causation_id", rawId);
        event.set("payload", payload);
        byte[] value = JSON.writeValueAsString(event).getBytes(StandardCharsets.UTF_8);
        validate(swapDemand, value);
        return new Out(assetIn + "/" + assetOut, value, CloudEventHeaders.mirror(event));
    }

    private static JsonNode payloadOf(byte[] frame) throws IOException {
        JsonNode params = JSON.readTree(frame).path("params");
        return params.has("data") ? params.path("data") : params;
    }

    private static ObjectNode venueExtras(byte[] frame, JsonNode data) throws IOException {
        ObjectNode extras = JSON.createObjectNode();
        JsonNode params = JSON.readTree(frame).path("params");
        extras.put("envelope", params.has("data") ? "B" : "A");
        for (String field : new String[] {"min_wait_ms", "max_wait_ms"}) {
            if (data.path(field).canConvertToLong()) {
                extras.put(field, data.path(field).asLong());
            }
        }
        if (data.path("protocol_fee_included").isBoolean()) {
            extras.put("protocol_fee_included", data.path("protocol_fee_included").asBoolean());
        }
        if (data.path("trusted_metadata").isObject()) {
            extras.set("trusted_metadata", data.path("trusted_metadata"));
        }
        JsonNode metadata = params.path("metadata");
        for (String field : new String[] {"partner_id", "traceparent"}) {
            if (metadata.path(field).isTextual()) {
                extras.put(field, metadata.path(field).asText());
            }
        }
        return extras;
    }

    static ObjectNode asset(String venueId) {
        String[] parts = venueId.split(":", 3);
        ObjectNode asset = JSON.createObjectNode();
        asset.put("venue_id", venueId);
        asset.put("standard", parts[0]);
        asset.put("contract", parts.length > 1 ? parts[1] : "");
        asset.put("token_id", parts.length > 2 ? parts[2] : null);
        return asset;
    }

    // --- react: norm.swap_demand -> cmd.execute_trade (FixedSpreadStrategy.decide); null = skipped ---

    Out react(byte[] value) throws IOException {
        return react(value, false);
    }

    /** {@code ignoreDeadline}: build the command even past the answer deadline (backlog commands). */
    Out react(byte[] value, boolean ignoreDeadline) throws IOException {
        validate(swapDemand, value);
        JsonNode event = JSON.readTree(value);
        JsonNode demand = event.path("payload");
        String assetIn = demand.path("asset_in").path("venue_id").asText();
        String assetOut = demand.path("asset_out").path("venue_id").asText();
        BigDecimal rate = RATES.get(assetIn + ">" + assetOut);
        if (rate == null) {
            return null;
        }
        Instant expiresAt = Instant.parse(demand.path("answer_deadline").asText());
        if (!ignoreDeadline && Instant.now().isAfter(expiresAt)) {
            return null;
        }
        BigDecimal spread = BigDecimal.ONE.subtract(BigDecimal.valueOf(SPREAD_BPS, 4));
        BigDecimal amount = new BigDecimal(demand.path("amount").asText());
        boolean exactIn = "EXACT_IN".equals(demand.path("side").asText());
        BigDecimal amountIn = exactIn ? amount : amount.divide(rate.multiply(spread), 0, RoundingMode.CEILING);
        BigDecimal amountOut = exactIn ? amount.multiply(rate).multiply(spread).setScale(0, RoundingMode.FLOOR) : amount;
        if (amountIn.signum() <= 0 || amountOut.signum() <= 0) {
            return null;
        }
        BigDecimal maxAmountOut = exactIn ? amount.multiply(rate).setScale(0, RoundingMode.FLOOR) : amount;

        String eventId = event.path("event_id").asText();
        String commandId = EventIds.commandId(STRATEGY_ID, eventId, 0);
        String quoteId = demand.path("request_id").asText();
        ObjectNode action = JSON.createObjectNode();
        action.put("type", "quote_response");
        action.put("quote_id", quoteId);
        action.put("asset_in", assetIn);
        action.put("asset_out", assetOut);
        action.put("side", demand.path("side").asText());
        action.put("amount_in", amountIn.toPlainString());
        action.put("amount_out", amountOut.toPlainString());
        action.put("quote_deadline", EventTime.format(expiresAt.plusMillis(demand.path("min_deadline_ms").asLong() + VALIDITY_MARGIN_MS)));
        ObjectNode payload = JSON.createObjectNode();
        payload.put("command_id", commandId);
        payload.put("idempotency_key", EventIds.idempotencyKey(commandId));
        payload.put("execution_key", quoteId);
        payload.put("strategy_id", STRATEGY_ID);
        payload.put("expires_at", EventTime.format(expiresAt));
        payload.set("action", action);
        payload.putObject("limits").put("max_amount_out", maxAmountOut.toPlainString());

        ObjectNode command = JSON.createObjectNode();
        command.put("event_id", commandId);
        command.put("event_type", "cmd.execute_trade.v1");
        command.put("schema_version", "1.0");
        command.put("venue", event.path("venue").asText());
        command.put("source", "unrip/reactor");
        command.put("occurred_at", event.path("occurred_at").asText());
        command.put("observed_at", event.path("observed_at").asText());
        command.put("ingested_at", event.path("ingested_at").asText());
        command.put("causation_id", eventId);
        command.set("payload", payload);
        byte[] out = JSON.writeValueAsString(command).getBytes(StandardCharsets.UTF_8);
        validate(executeTrade, out);
        return new Out(quoteId, out, CloudEventHeaders.mirror(command));
    }

    static String header(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        if (h == null) {
            throw new IllegalArgumentException("record has no '" + name + "' header");
        }
        return new String(h.value(), StandardCharsets.UTF_8);
    }

    static Map<String, Object> copy(Map<String, Object> headers) {
        return new HashMap<>(headers);
    }
}
