package dev.unrip.mapping.binance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unrip.contracts.EventIds;
import dev.unrip.mapping.Mapped;
import dev.unrip.mapping.RawEnvelope;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Golden tests of the Binance mapping over the schema's examples (schemas/events/examples): every
 * valid raw depth frame, with the headers the ingest writes beside it, gives its normalized example
 * byte for byte (in compact form: field order and text exactly as written); every invalid one is
 * refused by the mapping alone, naming its field. Then what only the mapping can refuse, and what
 * it must keep (a crossed book).
 */
class BinanceMappingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path EXAMPLES = Path.of(System.getProperty("unrip.repo", "../.."))
            .resolve("schemas/events/examples")
            .toAbsolutePath()
            .normalize();
    private static final Path RAW = EXAMPLES.resolve("raw.binance.depth.v1");
    private static final Path NORM = EXAMPLES.resolve("norm.order_book.v1");
    private static final String LEVELS =
            "\"bids\":[[\"2.99800000\",\"10.00\"],[\"2.99700000\",\"5.00\"]],\"asks\":[[\"2.99900000\",\"7.00\"]]";

    @Test
    void everyValidRawExampleGivesItsNormalizedExampleByteForByte() throws IOException {
        List<Path> valid = examples("valid-");
        assertFalse(valid.isEmpty());
        for (Path frame : valid) {
            Mapped book = BinanceMapping.orderBook(Files.readAllBytes(frame), envelopeOf(frame));
            Path expected =
                    NORM.resolve("valid-from-" + frame.getFileName().toString().substring("valid-".length()));
            String golden = JSON.writeValueAsString(JSON.readTree(expected.toFile()));
            assertEquals(golden, book.json(), frame + " against " + expected);
            assertEquals(book.event().path("payload").path("instrument").asText(), book.key(), "keyed by instrument");
            assertEquals(book.event().path("event_id").asText(), book.headers().get("ce_id"));
        }
    }

    @Test
    void everyInvalidRawExampleIsRefusedByTheMappingAloneNamingItsField() throws IOException {
        List<Path> invalid = examples("invalid--");
        assertFalse(invalid.isEmpty());
        for (Path frame : invalid) {
            String field = frame.getFileName().toString().split("--")[1];
            byte[] bytes = Files.readAllBytes(frame);
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class,
                    () -> BinanceMapping.orderBook(bytes, raw(bytes)),
                    frame.toString());
            assertTrue(
                    e.getMessage().contains(field),
                    frame + ": the reason does not name " + field + ": " + e.getMessage());
        }
    }

    @Test
    void aCrossedBookIsVenueTruthAndIsKeptAsItCame() throws IOException {
        Path frame = RAW.resolve("valid-ethusdt-depth5-crossed-kept.json");
        JsonNode payload = BinanceMapping.orderBook(Files.readAllBytes(frame), envelopeOf(frame))
                .event()
                .path("payload");
        BigDecimal bestBid =
                new BigDecimal(payload.path("bids").get(0).path("price").asText());
        BigDecimal bestAsk =
                new BigDecimal(payload.path("asks").get(0).path("price").asText());
        assertTrue(bestBid.compareTo(bestAsk) >= 0, "the example is crossed");
        assertEquals("3000.02000000", payload.path("bids").get(0).path("price").asText(), "prices kept as written");
    }

    @Test
    void sidesOutOfOrderAreRefusedNamingTheSideAndTheLevel() {
        assertRefused(
                depth("nearusdt@depth10@100ms", "\"bids\":[[\"2.99700000\",\"1\"],[\"2.99800000\",\"1\"]],\"asks\":[]"),
                "bids[1]: price 2.99800000 is not below the level before it (2.99700000)");
        assertRefused(
                depth("nearusdt@depth10@100ms", "\"bids\":[[\"2.998\",\"1\"],[\"2.99800000\",\"1\"]],\"asks\":[]"),
                "bids[1]: price 2.99800000 is not below");
        assertRefused(
                depth("nearusdt@depth10@100ms", "\"bids\":[],\"asks\":[[\"3.001\",\"1\"],[\"3.000\",\"1\"]]"),
                "asks[1]: price 3.000 is not above the level before it (3.001)");
    }

    @Test
    void whatTheStreamCannotCarryIsRefused() {
        String six =
                "[\"2.99\",\"1\"],[\"2.98\",\"1\"],[\"2.97\",\"1\"],[\"2.96\",\"1\"],[\"2.95\",\"1\"],[\"2.94\",\"1\"]";
        assertRefused(
                depth("nearusdt@depth5", "\"bids\":[" + six + "],\"asks\":[]"), "bids: 6 levels in a stream of 5");
        assertRefused(
                depth("nearusdt@depth5", "\"bids\":[[\"2.99\",\"0.000\"]],\"asks\":[]"),
                "bids[0] quantity: 0.000 is zero");
        assertRefused(depth("nearusdt@depth5", "\"bids\":[],\"asks\":[[\"0\",\"1\"]]"), "asks[0] price: 0 is zero");
        assertRefused(
                depth("nearusdt@depth5", "\"bids\":[[\"2.99O\",\"1\"]],\"asks\":[]"),
                "bids[0] price: \"2.99O\" is not a decimal string");
        assertRefused(
                depth("nearusdt@depth5", "\"bids\":[[\"-2.99\",\"1\"]],\"asks\":[]"),
                "bids[0] price: \"-2.99\" is not a decimal string");
    }

    @Test
    void framesThatAreNoPartialBookAreRefusedNamingTheStream() {
        assertRefused(depth("nearusdt@bookTicker", LEVELS), "stream: 'nearusdt@bookTicker' is not a partial book");
        assertRefused(depth("nearusdt@depth", LEVELS), "stream: 'nearusdt@depth' is not a partial book");
        assertRefused("{\"data\":{\"lastUpdateId\":1," + LEVELS + "}}", "stream: missing");
        assertRefused("{\"result\":null,\"id\":1}", "stream: missing");
        assertRefused("[1,2]", "frame: not a JSON object");
        assertRefused("{\"stream\":\"nearusdt@depth5\",", "frame: not JSON");
    }

    @Test
    void anEnvelopeTimeThatIsNoTimeIsRefusedNamingTheHeader() {
        byte[] frame = depth("nearusdt@depth5", LEVELS).getBytes(StandardCharsets.UTF_8);
        RawEnvelope bad = new RawEnvelope(raw(frame).id(), "yesterday", "2026-11-25T10:00:00.001Z");
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> BinanceMapping.orderBook(frame, bad));
        assertTrue(e.getMessage().startsWith("header 'unrip_observed_at'"), e.getMessage());
    }

    @Test
    void theSameFrameGivesTheSameEventAndAnotherFrameAnotherId() {
        byte[] frame = depth("nearusdt@depth5", LEVELS).getBytes(StandardCharsets.UTF_8);
        Mapped first = BinanceMapping.orderBook(frame, raw(frame));
        assertEquals(
                first.json(),
                BinanceMapping.orderBook(frame.clone(), raw(frame)).json());
        assertEquals(
                EventIds.normalizedEventId("norm.order_book.v1", raw(frame).id()),
                first.event().path("event_id").asText());
        byte[] other = depth("nearusdt@depth5", LEVELS.replace("7.00", "7.01")).getBytes(StandardCharsets.UTF_8);
        assertFalse(first.event()
                .path("event_id")
                .equals(BinanceMapping.orderBook(other, raw(other)).event().path("event_id")));
        assertEquals("NEARUSDT", first.key());
        assertEquals(
                "2026-11-25T10:00:00.000Z", first.event().path("occurred_at").asText(), "no venue time: observed_at");
        assertFalse(first.event().path("payload").has("venue_time"));
    }

    @Test
    void streamNamesGiveTheirInstrument() {
        assertEquals("NEARUSDT", BinanceMapping.instrumentOf("nearusdt@depth10@100ms"));
        assertTrue(BinanceMapping.isDepthStream("ethusdt@depth20"));
        assertFalse(BinanceMapping.isDepthStream("ethusdt@bookTicker"));
        assertFalse(BinanceMapping.isDepthStream("!serverShutdown"));
        assertFalse(BinanceMapping.isDepthStream(null));
        assertThrows(IllegalArgumentException.class, () -> BinanceMapping.instrumentOf("ethusdt@trade"));
    }

    private static void assertRefused(String frame, String reason) {
        byte[] bytes = frame.getBytes(StandardCharsets.UTF_8);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> BinanceMapping.orderBook(bytes, raw(bytes)), frame);
        assertTrue(e.getMessage().startsWith(reason), reason + " / " + e.getMessage());
    }

    private static String depth(String stream, String levels) {
        return "{\"stream\":\"" + stream + "\",\"data\":{\"lastUpdateId\":1512467," + levels + "}}";
    }

    private static RawEnvelope raw(byte[] frame) {
        return new RawEnvelope(
                EventIds.rawEventId("binance", "depth", frame), "2026-11-25T10:00:00.000Z", "2026-11-25T10:00:00.001Z");
    }

    /** The raw envelope the ingest wrote with an example frame: its headers file beside it. */
    private static RawEnvelope envelopeOf(Path frame) throws IOException {
        JsonNode h = JSON.readTree(
                RAW.resolve("headers").resolve(frame.getFileName()).toFile());
        return new RawEnvelope(
                h.path("ce_id").asText(),
                h.path("unrip_observed_at").asText(),
                h.path("unrip_ingested_at").asText());
    }

    private static List<Path> examples(String prefix) throws IOException {
        try (Stream<Path> files = Files.list(RAW)) {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix))
                    .sorted()
                    .toList();
        }
    }
}
