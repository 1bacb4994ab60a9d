package dev.unrip.binance.ingest;

import dev.unrip.contracts.CloudEventHeaders;
import dev.unrip.contracts.EventIds;
import dev.unrip.mapping.binance.BinanceMapping;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.Body;
import org.apache.camel.Variable;

/**
 * What the ingest route cannot say in a simple expression, from the one mapping (BinanceMapping):
 * whether a stream is a partial book depth stream, its instrument (the record key), and the
 * deterministic raw event id of the exact frame bytes.
 */
@ApplicationScoped
@Named("binanceFrames")
public class BinanceFrames {

    public static final String SOURCE = "unrip/binance-ingest";

    /** The envelope headers of a raw record that do not depend on what the frame is (the route adds id, type, schema, key). */
    static Map<String, Object> envelope(String observedAt, String ingestedAt) {
        Map<String, Object> headers = new HashMap<>();
        headers.put(CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_VALUE);
        headers.put(CloudEventHeaders.SOURCE, SOURCE);
        headers.put(CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.CONTENT_TYPE_JSON);
        headers.put(CloudEventHeaders.SCHEMA_VERSION, "1.0");
        headers.put(CloudEventHeaders.TIME, ingestedAt);
        headers.put(CloudEventHeaders.VENUE, BinanceMapping.VENUE);
        headers.put(CloudEventHeaders.OBSERVED_AT, observedAt);
        headers.put(CloudEventHeaders.INGESTED_AT, ingestedAt);
        return headers;
    }

    /** Whether the frame's stream is a partial book depth stream ({@code <symbol>@depth<5|10|20>[@100ms]}). */
    public boolean isDepth(@Variable("binanceStream") Object stream) {
        return stream instanceof String name && BinanceMapping.isDepthStream(name);
    }

    /** The record key: the stream's symbol in upper case (nearusdt@depth10@100ms → NEARUSDT). */
    public String key(@Variable("binanceStream") String stream) {
        return BinanceMapping.instrumentOf(stream);
    }

    /** The raw event id: of the venue, the stream (depth) and the frame's exact bytes (EventIds). */
    public String eventId(@Body byte[] frame) {
        return EventIds.rawEventId(BinanceMapping.VENUE, BinanceMapping.DEPTH_STREAM, frame);
    }
}
