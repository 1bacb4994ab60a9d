package dev.unrip.nearintents.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unrip.contracts.CloudEventHeaders;
import dev.unrip.contracts.EventIds;
import dev.unrip.contracts.EventTime;
import dev.unrip.contracts.ExactText;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.io.IOException;
import java.time.Instant;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;

/**
 * The one place where NEAR Intents' native frames meet the canonical events. Pure: the output
 * depends only on the raw record (its bytes and its envelope headers), so a replay of the same raw
 * stream yields byte-identical events with identical ids.
 */
@ApplicationScoped
@Named("nearIntentsNormalizer")
@RegisterForReflection
public class NearIntentsNormalizer {

    static final String VENUE = "near-intents";
    static final String SOURCE = "unrip/near-intents-normalize";
    static final long DEFAULT_ANSWER_WINDOW_MS = 3000;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** raw.near_intents.quote (already schema-valid) → norm.swap_demand.v1. */
    public String swapDemand(Exchange exchange) throws IOException {
        Message in = exchange.getMessage();
        JsonNode data = payloadOf(in);
        String rawId = header(in, CloudEventHeaders.ID);
        Instant observed = Instant.parse(header(in, CloudEventHeaders.OBSERVED_AT));
        // Copied text is kept exactly or the record is dead-lettered naming the field (ExactText).
        String quoteId = ExactText.requireId("quote_id", data.path("quote_id").asText());
        String assetIn = ExactText.requireId("defuse_asset_identifier_in", data.path("defuse_asset_identifier_in").asText());
        String assetOut = ExactText.requireId("defuse_asset_identifier_out", data.path("defuse_asset_identifier_out").asText());
        if (assetIn.equals(assetOut)) {
            throw new IllegalArgumentException("defuse_asset_identifier_out: the same asset as defuse_asset_identifier_in ('"
                    + assetIn + "'); a swap of an asset for itself means nothing");
        }
        boolean exactIn = data.hasNonNull("exact_amount_in");
        long minDeadlineMs = Long.parseLong(data.path("min_deadline_ms").asText());

        ObjectNode payload = JSON.createObjectNode();
        payload.put("request_id", quoteId);
        payload.set("asset_in", asset(assetIn));
        payload.set("asset_out", asset(assetOut));
        payload.put("side", exactIn ? "EXACT_IN" : "EXACT_OUT");
        payload.put("amount", data.path(exactIn ? "exact_amount_in" : "exact_amount_out").asText());
        payload.put("min_deadline_ms", minDeadlineMs);
        // The relay waits max_wait_ms (about 3 s when absent) for answers; after that, answering is moot.
        long answerWindowMs = data.hasNonNull("max_wait_ms") ? data.path("max_wait_ms").asLong() : DEFAULT_ANSWER_WINDOW_MS;
        payload.put("answer_window_ms", answerWindowMs);
        payload.put("answer_deadline", time(observed.plusMillis(answerWindowMs)));
        payload.put("indicative", data.path("trusted_metadata").path("quote_request_data").path("dry").asBoolean(false));
        payload.set("venue_extras", venueExtras(in, data));
        return envelope(in, "norm.swap_demand.v1", rawId, observed, assetIn + "/" + assetOut, payload);
    }

    /** raw.near_intents.quote_status (already schema-valid) → norm.quote_status.v1. */
    public String quoteStatus(Exchange exchange) throws IOException {
        Message in = exchange.getMessage();
        JsonNode data = payloadOf(in);
        ObjectNode payload = JSON.createObjectNode();
        String quoteHash = ExactText.requireId("quote_hash", data.path("quote_hash").asText());
        payload.put("quote_hash", quoteHash);
        payload.put("intent_hash", ExactText.requireId("intent_hash", data.path("intent_hash").asText()));
        payload.put("tx_hash", data.hasNonNull("tx_hash") ? ExactText.requireId("tx_hash", data.path("tx_hash").asText()) : null);
        return envelope(in, "norm.quote_status.v1", header(in, CloudEventHeaders.ID),
                Instant.parse(header(in, CloudEventHeaders.OBSERVED_AT)), quoteHash, payload);
    }

    private String envelope(Message in, String type, String rawId, Instant observed, String key, ObjectNode payload) throws IOException {
        String id = EventIds.normalizedEventId(type, rawId);
        ObjectNode event = JSON.createObjectNode();
        event.put("event_id", id);
        event.put("event_type", type);
        event.put("schema_version", "1.0");
        event.put("venue", VENUE);
        event.put("source", SOURCE);
        // occurred_at (ce_time) is the raw record's ingested_at: replay reproduces it byte for byte.
        event.put("occurred_at", header(in, CloudEventHeaders.INGESTED_AT));
        event.put("observed_at", time(observed));
        event.put("ingested_at", header(in, CloudEventHeaders.INGESTED_AT));
        event.put("causation_id", rawId);
        event.set("payload", payload);

        // The envelope again as CloudEvents binary-mode headers; the raw record's headers go.
        in.removeHeaders("ce_*");
        in.removeHeaders("unrip_*");
        in.getHeaders().putAll(CloudEventHeaders.mirror(event));
        in.setHeader(KafkaConstants.KEY, key);
        return JSON.writeValueAsString(event);
    }

    /** What the venue said beyond the canonical fields, kept for research (only what is present). */
    private static ObjectNode venueExtras(Message in, JsonNode data) throws IOException {
        ObjectNode extras = JSON.createObjectNode();
        JsonNode params = JSON.readTree(in.getBody(byte[].class)).path("params");
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
            ExactText.requireEncodable("trusted_metadata", data.path("trusted_metadata"));
            extras.set("trusted_metadata", data.path("trusted_metadata"));
        }
        JsonNode metadata = params.path("metadata");
        for (String field : new String[] {"partner_id", "traceparent"}) {
            if (metadata.path(field).isTextual()) {
                extras.put(field, ExactText.requireEncodable("metadata." + field, metadata.path(field).asText()));
            }
        }
        return extras;
    }

    /** Shape B carries the payload under params.data; shape A (the documentation's) flat in params. */
    private static JsonNode payloadOf(Message in) throws IOException {
        JsonNode params = JSON.readTree(in.getBody(byte[].class)).path("params");
        return params.has("data") ? params.path("data") : params;
    }

    /** nep141:contract | nep171:contract:token | nep245:contract:token → canonical parts. */
    static ObjectNode asset(String venueId) {
        String[] parts = venueId.split(":", 3);
        ObjectNode asset = JSON.createObjectNode();
        asset.put("venue_id", venueId);
        asset.put("standard", parts[0]);
        asset.put("contract", parts.length > 1 ? parts[1] : "");
        asset.put("token_id", parts.length > 2 ? parts[2] : null);
        return asset;
    }

    static String header(Message in, String name) {
        Object value = in.getHeader(name);
        if (value == null) {
            throw new IllegalArgumentException("raw record has no '" + name + "' header");
        }
        return ExactText.requireId("header '" + name + "'", value instanceof byte[] bytes ? ExactText.decodeHeader(name, bytes) : value.toString());
    }

    static String time(Instant instant) {
        return EventTime.format(instant);
    }
}
