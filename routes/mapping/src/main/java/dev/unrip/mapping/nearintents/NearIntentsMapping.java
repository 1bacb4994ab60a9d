package dev.unrip.mapping.nearintents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unrip.contracts.EventIds;
import dev.unrip.contracts.EventTime;
import dev.unrip.contracts.ExactText;
import dev.unrip.mapping.Envelope;
import dev.unrip.mapping.Mapped;
import dev.unrip.mapping.RawEnvelope;
import java.io.IOException;
import java.time.Instant;

/**
 * The one place where NEAR Intents' native frames meet the canonical events. Pure: the output
 * depends only on the raw record (its bytes and its envelope headers), so a replay of the same raw
 * stream yields byte-identical events with identical ids. The input is already schema-valid (the
 * route validated it); what a schema cannot say is refused here with the field named: a swap of
 * an asset for itself, text that cannot be carried exactly.
 */
public final class NearIntentsMapping {

    public static final String VENUE = "near-intents";
    public static final String SOURCE = "unrip/near-intents-normalize";
    public static final String SWAP_DEMAND = "norm.swap_demand.v1";
    public static final String QUOTE_STATUS = "norm.quote_status.v1";
    static final long DEFAULT_ANSWER_WINDOW_MS = 3000;

    private NearIntentsMapping() {}

    /** raw.near_intents.quote → norm.swap_demand.v1, keyed by pair. */
    public static Mapped swapDemand(byte[] frame, RawEnvelope raw) throws IOException {
        JsonNode params = Envelope.json().readTree(frame).path("params");
        JsonNode data = params.has("data") ? params.path("data") : params;
        Instant observed = Instant.parse(raw.observedAt());
        // Copied text is kept exactly or the record is dead-lettered naming the field (ExactText).
        String quoteId = idPart(
                "quote_id",
                ExactText.requireId("quote_id", data.path("quote_id").asText()));
        String assetIn = ExactText.requireId(
                "defuse_asset_identifier_in",
                data.path("defuse_asset_identifier_in").asText());
        String assetOut = ExactText.requireId(
                "defuse_asset_identifier_out",
                data.path("defuse_asset_identifier_out").asText());
        if (assetIn.equals(assetOut)) {
            throw new IllegalArgumentException(
                    "defuse_asset_identifier_out: the same asset as defuse_asset_identifier_in ('" + assetIn
                            + "'); a swap of an asset for itself means nothing");
        }
        boolean exactIn = data.hasNonNull("exact_amount_in");

        ObjectNode payload = Envelope.object();
        payload.put("request_id", quoteId);
        payload.set("asset_in", asset(assetIn));
        payload.set("asset_out", asset(assetOut));
        payload.put("side", exactIn ? "EXACT_IN" : "EXACT_OUT");
        payload.put(
                "amount",
                data.path(exactIn ? "exact_amount_in" : "exact_amount_out").asText());
        payload.put(
                "min_deadline_ms", Long.parseLong(data.path("min_deadline_ms").asText()));
        // The relay waits max_wait_ms (about 3 s when absent) for answers; after that, answering is moot.
        long answerWindowMs =
                data.hasNonNull("max_wait_ms") ? data.path("max_wait_ms").asLong() : DEFAULT_ANSWER_WINDOW_MS;
        payload.put("answer_window_ms", answerWindowMs);
        payload.put("answer_deadline", EventTime.format(observed.plusMillis(answerWindowMs)));
        payload.put(
                "indicative",
                data.path("trusted_metadata")
                        .path("quote_request_data")
                        .path("dry")
                        .asBoolean(false));
        payload.set("venue_extras", venueExtras(params, data));
        return new Mapped(assetIn + "/" + assetOut, normalized(SWAP_DEMAND, quoteId, raw, observed, payload));
    }

    /** raw.near_intents.quote_status → norm.quote_status.v1, keyed by quote_hash. */
    public static Mapped quoteStatus(byte[] frame, RawEnvelope raw) throws IOException {
        JsonNode params = Envelope.json().readTree(frame).path("params");
        JsonNode data = params.has("data") ? params.path("data") : params;
        String quoteHash = idPart(
                "quote_hash",
                ExactText.requireId("quote_hash", data.path("quote_hash").asText()));
        ObjectNode payload = Envelope.object();
        payload.put("quote_hash", quoteHash);
        payload.put(
                "intent_hash",
                ExactText.requireId("intent_hash", data.path("intent_hash").asText()));
        payload.put(
                "tx_hash",
                data.hasNonNull("tx_hash")
                        ? ExactText.requireId("tx_hash", data.path("tx_hash").asText())
                        : null);
        return new Mapped(
                quoteHash, normalized(QUOTE_STATUS, quoteHash, raw, Instant.parse(raw.observedAt()), payload));
    }

    /**
     * occurred_at (ce_time) is the raw record's ingested_at: replay reproduces it byte for byte.
     * The event id comes from the venue's own id of the request or notice (a quote's quote_id, a
     * status's quote_hash), not from the frame: two ingests observe each one in frames of their
     * own (each names its subscription), and both must give the same event, hence one command.
     */
    private static ObjectNode normalized(
            String type, String venueId, RawEnvelope raw, Instant observed, ObjectNode payload) {
        return Envelope.event(
                EventIds.requestEventId(type, VENUE, venueId),
                type,
                VENUE,
                SOURCE,
                raw.ingestedAt(),
                EventTime.format(observed),
                raw.ingestedAt(),
                raw.id(),
                payload);
    }

    /** A venue id the event id is derived from: '|' separates the parts of an id's name (docs/contracts.md, "Ids"). */
    private static String idPart(String field, String value) {
        int bar = value.indexOf('|');
        if (bar >= 0) {
            throw new IllegalArgumentException(field + ": holds '|' at index " + bar
                    + "; the event's id is derived from it, and '|' separates the parts of an id's name");
        }
        return value;
    }

    /** What the venue said beyond the canonical fields, kept for research (only what is present). */
    private static ObjectNode venueExtras(JsonNode params, JsonNode data) {
        ObjectNode extras = Envelope.object();
        extras.put("envelope", params.has("data") ? "B" : "A");
        for (String field : new String[] {"min_wait_ms", "max_wait_ms"}) {
            if (data.path(field).canConvertToLong()) {
                extras.put(field, data.path(field).asLong());
            }
        }
        if (data.path("protocol_fee_included").isBoolean()) {
            extras.put(
                    "protocol_fee_included", data.path("protocol_fee_included").asBoolean());
        }
        if (data.path("trusted_metadata").isObject()) {
            ExactText.requireEncodable("trusted_metadata", data.path("trusted_metadata"));
            extras.set("trusted_metadata", data.path("trusted_metadata"));
        }
        JsonNode metadata = params.path("metadata");
        for (String field : new String[] {"partner_id", "traceparent"}) {
            if (metadata.path(field).isTextual()) {
                extras.put(
                        field,
                        ExactText.requireEncodable(
                                "metadata." + field, metadata.path(field).asText()));
            }
        }
        return extras;
    }

    /** nep141:contract | nep171:contract:token | nep245:contract:token → canonical parts. */
    static ObjectNode asset(String venueId) {
        String[] parts = venueId.split(":", 3);
        ObjectNode asset = Envelope.object();
        asset.put("venue_id", venueId);
        asset.put("standard", parts[0]);
        asset.put("contract", parts.length > 1 ? parts[1] : "");
        asset.put("token_id", parts.length > 2 ? parts[2] : null);
        return asset;
    }
}
