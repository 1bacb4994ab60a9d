package dev.unrip.replay;

import dev.unrip.contracts.CloudEventHeaders;
import dev.unrip.contracts.EventIds;
import dev.unrip.routes.testing.Examples;
import dev.unrip.routes.testing.KafkaBrokerResource;
import dev.unrip.routes.testing.Topics;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A real broker whose raw topics hold every raw example (valid and invalid) as the ingest writes it,
 * and the settings of one replay run over all of them, as {@code make replay} gives them: the
 * application under test checks them, prepares the run's topics and runs it (ReplayCommand.main).
 */
public class ReplayRunResource implements QuarkusTestResourceLifecycleManager {

    static final String RUN = "route-test";
    /** The raw stream of each raw topic, and the ingest times NormalizeGoldenTest's golden events were made with. */
    static final List<RawStream> STREAMS = List.of(
            new RawStream(
                    "raw.near_intents.quote",
                    "quote",
                    "norm.swap_demand",
                    "2026-11-25T10:00:00.000Z",
                    "2026-11-25T10:00:00.002Z"),
            new RawStream(
                    "raw.near_intents.quote_status",
                    "quote_status",
                    "norm.quote_status",
                    "2026-11-25T10:00:05.000Z",
                    "2026-11-25T10:00:05.001Z"),
            // A balance answer's headers (its query, its times) are beside it: headers/<example>.
            new RawStream(
                    "raw.near_intents.balance",
                    "balance",
                    "norm.balance",
                    "2026-11-25T10:00:10.000Z",
                    "2026-11-25T10:00:10.001Z"));

    record RawStream(String topic, String stream, String normalizedTopic, String observedAt, String ingestedAt) {
        String type() {
            return "raw.near_intents." + stream + ".v1";
        }

        /** The record headers the ingest writes with the example: its own file when it has one. */
        Map<String, byte[]> headers(Path example) throws java.io.IOException {
            Map<String, byte[]> headers = new HashMap<>();
            Path file = example.resolveSibling("headers").resolve(example.getFileName());
            if (java.nio.file.Files.exists(file)) {
                new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(file.toFile())
                        .fields()
                        .forEachRemaining(h ->
                                headers.put(h.getKey(), h.getValue().asText().getBytes(StandardCharsets.UTF_8)));
                return headers;
            }
            byte[] frame = Examples.bytes(example);
            headers.put(
                    CloudEventHeaders.ID,
                    EventIds.rawEventId("near-intents", stream, frame).getBytes(StandardCharsets.UTF_8));
            headers.put(CloudEventHeaders.OBSERVED_AT, observedAt.getBytes(StandardCharsets.UTF_8));
            headers.put(CloudEventHeaders.INGESTED_AT, ingestedAt.getBytes(StandardCharsets.UTF_8));
            return headers;
        }
    }

    private static final Map<String, String> SETTINGS = Map.of(
            "replay.topics",
            "raw.near_intents.quote,raw.near_intents.quote_status,raw.near_intents.balance",
            "replay.from",
            "beginning",
            "replay.to",
            "now",
            "replay.run-id",
            RUN);

    private final KafkaBrokerResource broker = new KafkaBrokerResource();

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(broker.start());
        String bootstrap = KafkaBrokerResource.bootstrapServers();
        Topics topics = new Topics(bootstrap);
        try {
            for (RawStream s : STREAMS) {
                for (Path example : all(s)) {
                    topics.send(s.topic(), null, Examples.bytes(example), s.headers(example));
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot write the raw examples", e);
        }
        // What `make replay` passes (as REPLAY_* environment variables); ReplayCommand.main checks
        // them, prepares the run's topics and starts the application with the run's configuration.
        SETTINGS.forEach(System::setProperty);
        System.setProperty("kafka.bootstrap.servers", bootstrap);
        return config;
    }

    static List<Path> all(RawStream s) {
        return java.util.stream.Stream.concat(Examples.valid(s.type()).stream(), Examples.invalid(s.type()).stream())
                .toList();
    }

    /**
     * What the run wrote, read when the application has ended (the broker stops then) into a file
     * per topic for the test, which runs in another class loader: a line per record, its value in
     * base64 and its dead-letter reason (or "-").
     */
    static final Path WRITTEN = Path.of("target/replay-route-test");

    static List<String[]> written(String liveTopic) throws java.io.IOException {
        return java.nio.file.Files.readAllLines(WRITTEN.resolve(liveTopic)).stream()
                .map(l -> l.split("\t", 2))
                .toList();
    }

    static String output(String liveTopic) {
        return "replay." + RUN + "." + liveTopic;
    }

    @Override
    public void stop() {
        Topics topics = new Topics(KafkaBrokerResource.bootstrapServers());
        try {
            java.nio.file.Files.createDirectories(WRITTEN);
            for (String live :
                    List.of("norm.swap_demand", "norm.quote_status", "norm.balance", "dlq.near_intents.normalize")) {
                StringBuilder lines = new StringBuilder();
                for (ConsumerRecord<String, byte[]> r : topics.since(output(live), Map.of())) {
                    String reason = Topics.header(r, CloudEventHeaders.DLQ_REASON);
                    lines.append(java.util.Base64.getEncoder().encodeToString(r.value()))
                            .append('\t')
                            .append(reason == null ? "-" : reason.replace('\n', ' '))
                            .append('\n');
                }
                java.nio.file.Files.writeString(WRITTEN.resolve(live), lines);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        SETTINGS.keySet().forEach(System::clearProperty);
        System.clearProperty("kafka.bootstrap.servers");
        broker.stop();
    }
}
