package dev.unrip.nearintents.ingest;

import dev.unrip.contracts.CloudEventHeaders;
import dev.unrip.contracts.EventIds;
import dev.unrip.contracts.ExactText;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.Body;
import org.apache.camel.Variable;

/**
 * The two values of a raw record's envelope the ingest route cannot compute in a simple
 * expression: the deterministic event id of the exact frame bytes, and the record key kept exactly.
 * Bound by annotation (no parameter string to parse per frame).
 */
@ApplicationScoped
@Named("rawFrames")
public class RawFrames {

    /**
     * The envelope headers of a raw record that do not depend on what it is (the route adds id,
     * type, schema and key): the relay's frames and the chain's balance answers alike.
     */
    static Map<String, Object> envelope(String observedAt, String ingestedAt) {
        Map<String, Object> headers = new HashMap<>();
        headers.put(CloudEventHeaders.SPEC_VERSION, "1.0");
        headers.put(CloudEventHeaders.SOURCE, "unrip/near-intents-ingest");
        headers.put(CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.CONTENT_TYPE_JSON);
        headers.put(CloudEventHeaders.SCHEMA_VERSION, "1.0");
        headers.put(CloudEventHeaders.TIME, ingestedAt);
        headers.put(CloudEventHeaders.VENUE, "near-intents");
        headers.put(CloudEventHeaders.OBSERVED_AT, observedAt);
        headers.put(CloudEventHeaders.INGESTED_AT, ingestedAt);
        return headers;
    }

    /** The raw event id: of the venue, the stream and the frame's exact bytes (EventIds). */
    public String eventId(@Variable("stream") String stream, @Body byte[] frame) {
        return EventIds.rawEventId("near-intents", stream, frame);
    }

    /**
     * The venue's id as the record key, kept exactly: an id with no exact UTF-8 form is refused
     * naming the field (the frame is dead-lettered); an id that is not text is no key.
     */
    public String key(@Variable("keyField") String field, @Variable("key") Object key) {
        return key instanceof String id ? ExactText.requireId(field, id) : null;
    }
}
