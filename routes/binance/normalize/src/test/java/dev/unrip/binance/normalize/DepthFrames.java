package dev.unrip.binance.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unrip.contracts.CloudEventHeaders;
import dev.unrip.contracts.EventIds;
import dev.unrip.routes.testing.Examples;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The raw depth frames the tests send: the schema's examples (schemas/events/examples) and the
 * frames only the mapping can refuse (src/test/resources/rejected), each with the record headers
 * the ingest writes with it ({@code headers/<frame>} beside it, or the envelope of its bytes), and
 * for a valid one its normalized example ({@code norm.order_book.v1/valid-from-<frame>}).
 */
final class DepthFrames {

    static final String TYPE = "raw.binance.depth.v1";
    static final Path REJECTED = Path.of("src/test/resources/rejected").resolve(TYPE);
    private static final ObjectMapper JSON = new ObjectMapper();

    private DepthFrames() {}

    static List<Path> valid() {
        return Examples.valid(TYPE);
    }

    /** Refused by the raw schema, then those only the mapping refuses. */
    static List<Path> invalid() {
        List<Path> all = new ArrayList<>(Examples.invalid(TYPE));
        all.addAll(rejectedByTheMapping());
        return all;
    }

    static List<Path> rejectedByTheMapping() {
        try (Stream<Path> files = Files.list(REJECTED)) {
            return files.filter(p -> p.getFileName().toString().startsWith("invalid--"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The frame's record headers as Kafka hands them over (bytes): its headers file, or the envelope of its bytes. */
    static Map<String, byte[]> headers(Path frame) {
        Path file = frame.resolveSibling("headers").resolve(frame.getFileName());
        Map<String, String> text = new LinkedHashMap<>();
        if (Files.exists(file)) {
            try {
                JSON.readTree(file.toFile())
                        .fields()
                        .forEachRemaining(h -> text.put(h.getKey(), h.getValue().asText()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            text.put(CloudEventHeaders.ID, EventIds.rawEventId("binance", "depth", Examples.bytes(frame)));
            text.put(CloudEventHeaders.OBSERVED_AT, "2026-11-25T10:00:02.000Z");
            text.put(CloudEventHeaders.INGESTED_AT, "2026-11-25T10:00:02.001Z");
        }
        Map<String, byte[]> bytes = new LinkedHashMap<>();
        text.forEach((name, value) -> bytes.put(name, value.getBytes(StandardCharsets.UTF_8)));
        return bytes;
    }

    /** The normalized example of a valid frame, in the compact form the mapping writes (field order kept). */
    static String normalized(Path validFrame) {
        Path example = Examples.repo()
                .resolve("schemas/events/examples/norm.order_book.v1")
                .resolve("valid-from-" + validFrame.getFileName().toString().substring("valid-".length()));
        try {
            JsonNode event = JSON.readTree(example.toFile());
            return JSON.writeValueAsString(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The record key the ingest gives a frame: its stream's symbol in upper case. */
    static String key(Path frame) {
        try {
            String stream = JSON.readTree(Examples.bytes(frame)).path("stream").asText("none");
            int at = stream.indexOf('@');
            return (at < 0 ? stream : stream.substring(0, at)).toUpperCase(java.util.Locale.ROOT);
        } catch (IOException e) {
            return "none";
        }
    }
}
