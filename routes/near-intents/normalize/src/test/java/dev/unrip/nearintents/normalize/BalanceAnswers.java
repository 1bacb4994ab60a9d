package dev.unrip.nearintents.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unrip.contracts.CloudEventHeaders;
import dev.unrip.contracts.EventIds;
import dev.unrip.contracts.NearIntentsHeaders;
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
 * The raw balance answers the tests send: the schema's examples (schemas/events/examples) and the
 * answers only the mapping can refuse (src/test/resources/rejected), each with the record headers
 * the ingest writes with it ({@code headers/<answer file>} beside it).
 */
final class BalanceAnswers {

    static final String TYPE = "raw.near_intents.balance.v1";
    private static final Path REJECTED = Path.of("src/test/resources/rejected").resolve(TYPE);
    private static final ObjectMapper JSON = new ObjectMapper();

    private BalanceAnswers() {}

    static List<Path> valid() {
        return Examples.valid(TYPE);
    }

    /** Refused by the schema, then those refused by the mapping or the output schema. */
    static List<Path> invalid() {
        List<Path> all = new ArrayList<>(Examples.invalid(TYPE));
        try (Stream<Path> files = Files.list(REJECTED)) {
            files.filter(p -> p.getFileName().toString().startsWith("invalid--"))
                    .sorted()
                    .forEach(all::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return all;
    }

    /**
     * The answer's record headers, as Kafka hands them over (bytes): its headers file, or for an
     * example refused by the schema (which needs none) the envelope of its bytes and a two-token query.
     */
    static Map<String, byte[]> headers(Path answer) {
        Path file = answer.resolveSibling("headers").resolve(answer.getFileName());
        Map<String, String> text = new LinkedHashMap<>();
        if (Files.exists(file)) {
            try {
                JsonNode headers = JSON.readTree(file.toFile());
                headers.fields()
                        .forEachRemaining(h -> text.put(h.getKey(), h.getValue().asText()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            text.put(CloudEventHeaders.ID, EventIds.rawEventId("near-intents", "balance", Examples.bytes(answer)));
            text.put(CloudEventHeaders.OBSERVED_AT, "2026-11-25T10:00:10.000Z");
            text.put(CloudEventHeaders.INGESTED_AT, "2026-11-25T10:00:10.001Z");
            text.put(NearIntentsHeaders.ACCOUNT_ID, "solver.unrip.near");
            text.put(NearIntentsHeaders.TOKEN_IDS, "[\"nep141:wrap.near\",\"nep141:usdt.tether-token.near\"]");
        }
        Map<String, byte[]> bytes = new LinkedHashMap<>();
        text.forEach((name, value) -> bytes.put(name, value.getBytes(StandardCharsets.UTF_8)));
        return bytes;
    }

    /** The record key the ingest gives the answer: the account asked about. */
    static String key(Path answer) {
        byte[] account = headers(answer).get(NearIntentsHeaders.ACCOUNT_ID);
        return account == null ? "no-account" : new String(account, StandardCharsets.UTF_8);
    }
}
