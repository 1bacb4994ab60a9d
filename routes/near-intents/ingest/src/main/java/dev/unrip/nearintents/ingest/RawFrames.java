package dev.unrip.nearintents.ingest;

import dev.unrip.contracts.EventIds;
import dev.unrip.contracts.ExactText;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
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
