package dev.unrip.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The envelope of a control record (ctl.*): an action, not derived from a venue event, so no
 * venue, observed_at, ingested_at or causation_id (docs/contracts.md, Control records); a random
 * id, since a replay does not repeat an action. Its Kafka headers mirror it in CloudEvents binary mode.
 */
public final class ControlEnvelope {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SOURCE = Pattern.compile("^unrip/[a-z0-9]+(-[a-z0-9]+)*$");

    private ControlEnvelope() {}

    /** The record value around the payload, with a new random id. */
    public static ObjectNode event(String eventType, String source, String occurredAt, ObjectNode payload) {
        if (source == null || !SOURCE.matcher(source).matches()) {
            throw new IllegalArgumentException("source must be unrip/<tool or route group>, was '" + source + "'");
        }
        ObjectNode event = JSON.createObjectNode();
        event.put("event_id", UUID.randomUUID().toString());
        event.put("event_type", eventType);
        event.put("schema_version", "1.0");
        event.put("source", source);
        event.put("occurred_at", occurredAt);
        event.set("payload", payload);
        return event;
    }

    /** The record value as UTF-8 JSON bytes. */
    public static byte[] bytes(ObjectNode event) {
        try {
            return JSON.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a control record: " + e.getMessage(), e);
        }
    }

    /** The Kafka headers of a record value built by {@link #event}: CloudEvents binary mode and the schema version. */
    public static Map<String, String> headers(JsonNode event) {
        String type = event.path("event_type").asText();
        Map<String, String> h = new LinkedHashMap<>();
        h.put(CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_VALUE);
        h.put(CloudEventHeaders.ID, event.path("event_id").asText());
        h.put(CloudEventHeaders.TYPE, type);
        h.put(CloudEventHeaders.SOURCE, event.path("source").asText());
        h.put(CloudEventHeaders.TIME, event.path("occurred_at").asText());
        h.put(CloudEventHeaders.DATA_SCHEMA, EventTypes.schemaId(type));
        h.put(CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.CONTENT_TYPE_JSON);
        h.put(CloudEventHeaders.SCHEMA_VERSION, event.path("schema_version").asText());
        return h;
    }
}
