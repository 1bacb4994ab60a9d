package dev.unrip.contracts;

import static dev.unrip.contracts.Contracts.EXAMPLES;
import static dev.unrip.contracts.Contracts.examples;
import static dev.unrip.contracts.Contracts.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The Binance examples form worked pairs: every valid raw depth frame has the record headers the
 * ingest writes with it ({@code headers/<frame>}) and its normalized book ({@code
 * norm.order_book.v1/valid-from-<frame without valid->}), whose ids and times derive from them.
 * (That the mapping gives exactly that book is the golden test's job, in routes/mapping.)
 */
class BinanceExamplesTest {

    private static final Path RAW = EXAMPLES.resolve(EventTypes.RAW_BINANCE_DEPTH_V1);

    @Test
    void everyValidRawFrameCarriesTheHeadersOfItsExactBytes() throws IOException {
        for (Path frame : examples(EventTypes.RAW_BINANCE_DEPTH_V1, "valid-")) {
            byte[] bytes = Files.readAllBytes(frame);
            assertFalse(bytes[bytes.length - 1] == '\n', frame + ": a frame is compact, as the venue sends it");
            JsonNode headers = read(RAW.resolve("headers").resolve(frame.getFileName()));
            assertEquals(
                    EventIds.rawEventId("binance", "depth", bytes),
                    headers.path(CloudEventHeaders.ID).asText(),
                    frame.toString());
            assertEquals(
                    EventTypes.RAW_BINANCE_DEPTH_V1,
                    headers.path(CloudEventHeaders.TYPE).asText());
            assertEquals(
                    EventTypes.schemaId(EventTypes.RAW_BINANCE_DEPTH_V1),
                    headers.path(CloudEventHeaders.DATA_SCHEMA).asText());
            assertEquals(
                    "unrip/binance-ingest",
                    headers.path(CloudEventHeaders.SOURCE).asText());
            assertEquals("binance", headers.path(CloudEventHeaders.VENUE).asText());
            assertEquals(headers.path(CloudEventHeaders.INGESTED_AT), headers.path(CloudEventHeaders.TIME));
        }
    }

    @Test
    void everyValidRawFrameHasItsNormalizedBookDerivedFromIt() throws IOException {
        for (Path frame : examples(EventTypes.RAW_BINANCE_DEPTH_V1, "valid-")) {
            JsonNode raw = read(frame);
            JsonNode headers = read(RAW.resolve("headers").resolve(frame.getFileName()));
            Path normalized = EXAMPLES.resolve(EventTypes.NORM_ORDER_BOOK_V1)
                    .resolve("valid-from-" + frame.getFileName().toString().substring("valid-".length()));
            assertTrue(Files.exists(normalized), frame + " has no normalized example " + normalized);
            JsonNode book = read(normalized);
            String rawId = headers.path(CloudEventHeaders.ID).asText();
            assertEquals(rawId, book.path("causation_id").asText(), normalized.toString());
            assertEquals(
                    EventIds.normalizedEventId(EventTypes.NORM_ORDER_BOOK_V1, rawId),
                    book.path("event_id").asText(),
                    normalized.toString());
            assertEquals(headers.path(CloudEventHeaders.OBSERVED_AT), book.path("observed_at"), normalized.toString());
            assertEquals(headers.path(CloudEventHeaders.INGESTED_AT), book.path("ingested_at"), normalized.toString());
            JsonNode payload = book.path("payload");
            assertEquals(
                    payload.has("venue_time") ? payload.path("venue_time") : book.path("observed_at"),
                    book.path("occurred_at"),
                    normalized + ": occurred_at is the venue's time when it gave one, else observed_at");
            String stream = raw.path("stream").asText();
            assertEquals(stream, payload.path("stream").asText());
            assertEquals(
                    stream.substring(0, stream.indexOf('@')).toUpperCase(Locale.ROOT),
                    payload.path("instrument").asText());
            assertEquals(raw.path("data").path("lastUpdateId"), payload.path("last_update_id"));
            assertEquals(
                    raw.path("data").path("bids").size(), payload.path("bids").size());
            assertEquals(
                    raw.path("data").path("asks").size(), payload.path("asks").size());
        }
    }
}
