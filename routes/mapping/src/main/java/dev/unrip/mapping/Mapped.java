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

    /**
     * Puts the event's envelope on a record's headers in place of the one it had: every
     * {@code ce_*} and {@code unrip_*} header of the input goes, the event's mirror comes. (By
     * prefix: Camel's removeHeaders("ce_*") compiles a regular expression for every other header.)
     */
    public void replaceEnvelope(Map<String, Object> recordHeaders) {
        recordHeaders.keySet().removeIf(name -> name.startsWith("ce_") || name.startsWith("unrip_"));
        recordHeaders.putAll(headers());
    }

    /** The CloudEvents binary-mode headers of the event ({@link CloudEventHeaders#mirror}). */
    public Map<String, Object> headers() {
        return CloudEventHeaders.mirror(event);
    }
}
