package dev.unrip.mapping;

import dev.unrip.contracts.CloudEventHeaders;
import dev.unrip.contracts.ExactText;
import java.util.function.Function;

/** What a raw record's envelope headers say (written by the ingest): its id and its two times. */
public record RawEnvelope(String id, String observedAt, String ingestedAt) {

    /**
     * From the record's headers; {@code header} gives a header's value (bytes from Kafka, or text),
     * null when absent. Each is kept exactly or refused naming the header (ExactText).
     */
    public static RawEnvelope of(Function<String, Object> header) {
        return new RawEnvelope(
                text(header, CloudEventHeaders.ID),
                text(header, CloudEventHeaders.OBSERVED_AT),
                text(header, CloudEventHeaders.INGESTED_AT));
    }

    private static String text(Function<String, Object> header, String name) {
        Object value = header.apply(name);
        if (value == null) {
            throw new IllegalArgumentException("raw record has no '" + name + "' header");
        }
        return ExactText.requireId(
                "header '" + name + "'",
                value instanceof byte[] bytes ? ExactText.decodeHeader(name, bytes) : value.toString());
    }
}
