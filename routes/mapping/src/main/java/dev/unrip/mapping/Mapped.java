package dev.unrip.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unrip.contracts.CloudEventHeaders;
import java.util.Map;

/** One event a mapping made: the record key and the event, whose envelope the headers mirror. */
public record Mapped(String key, ObjectNode event) {

    /** The record value: the event as compact JSON (UTF-8 on the wire). */
    public String json() {
        try {
            return Envelope.JSON.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an event that cannot be written: " + e.getMessage(), e);
        }
    }

    /** The CloudEvents binary-mode headers of the event ({@link CloudEventHeaders#mirror}). */
    public Map<String, Object> headers() {
        return CloudEventHeaders.mirror(event);
    }
}
