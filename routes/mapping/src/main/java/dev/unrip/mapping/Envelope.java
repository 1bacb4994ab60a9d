package dev.unrip.mapping;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The envelope of every event we write (docs/contracts.md, "Envelope and headers"), built in one
 * place: id, type with major, schema version, venue, source, the three times and the causation.
 */
public final class Envelope {

    static final ObjectMapper JSON = new ObjectMapper();
    public static final String SCHEMA_VERSION = "1.0";

    private Envelope() {}

    /** A fresh JSON object for a payload (the mappings' one ObjectMapper). */
    public static ObjectNode object() {
        return JSON.createObjectNode();
    }

    public static ObjectMapper json() {
        return JSON;
    }

    /**
     * @param occurredAt  when the event happened (ce_time); a derived event of ours takes it from
     *                    its cause, so that a replay reproduces it byte for byte
     * @param causationId the id of the event this one derives from
     */
    public static ObjectNode event(
            String id,
            String type,
            String venue,
            String source,
            String occurredAt,
            String observedAt,
            String ingestedAt,
            String causationId,
            ObjectNode payload) {
        ObjectNode event = JSON.createObjectNode();
        event.put("event_id", id);
        event.put("event_type", type);
        event.put("schema_version", SCHEMA_VERSION);
        event.put("venue", venue);
        event.put("source", source);
        event.put("occurred_at", occurredAt);
        event.put("observed_at", observedAt);
        event.put("ingested_at", ingestedAt);
        event.put("causation_id", causationId);
        event.set("payload", payload);
        return event;
    }
}
