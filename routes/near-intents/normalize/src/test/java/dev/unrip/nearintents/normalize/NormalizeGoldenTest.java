package dev.unrip.nearintents.normalize;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unrip.contracts.CloudEventHeaders;
import dev.unrip.contracts.EventIds;
import dev.unrip.contracts.NearIntentsHeaders;
import dev.unrip.routes.testing.Examples;
import dev.unrip.routes.testing.KafkaBrokerResource;
import dev.unrip.routes.testing.Topics;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Golden tests of the mapping routes (normalize.camel.yaml) in-process, against a real broker for
 * the dead letters: every valid raw example gives, byte for byte, its golden event under
 * src/test/resources/golden/ (frames 14 and 15 also equal the normalized examples of the schemas);
 * every invalid raw example is dead-lettered with a reason naming its field.
 *
 * <p>A deliberate change of the mapping: {@code ./mvnw -pl routes/near-intents/normalize test
 * -Dgolden.update=true} rewrites the golden files; review their diff like code.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class NormalizeGoldenTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final Duration WAIT = Duration.ofSeconds(30);

    /** The raw stream, its mapping route, its normalized type, and the ingest times the examples use. */
    private record Stream(String stream, String route, String normalizedType, String observedAt, String ingestedAt) {
        String rawType() {
            return "raw.near_intents." + stream + ".v1";
        }
    }

    private static final List<Stream> STREAMS = List.of(
            new Stream(
                    "quote",
                    "direct:normalizeSwapDemand",
                    "norm.swap_demand.v1",
                    "2026-11-25T10:00:00.000Z",
                    "2026-11-25T10:00:00.002Z"),
            new Stream(
                    "quote_status",
                    "direct:normalizeQuoteStatus",
                    "norm.quote_status.v1",
                    "2026-11-25T10:00:05.000Z",
                    "2026-11-25T10:00:05.001Z"));

    @Inject
    ProducerTemplate producer;

    @Test
    void everyValidRawExampleGivesItsGoldenEventByteForByte() throws Exception {
        boolean update = Boolean.getBoolean("golden.update");
        for (Stream s : STREAMS) {
            for (Path example : Examples.valid(s.rawType())) {
                Exchange out = normalize(s, example);
                assertEquals(null, out.getException(), example + ": " + out.getException());
                assertTrue(
                        !Boolean.TRUE.equals(out.getProperty("unripDeadLettered", Boolean.class)),
                        example + " was dead-lettered: " + out.getMessage().getHeader(CloudEventHeaders.DLQ_REASON));
                byte[] event = out.getMessage().getBody(String.class).getBytes(StandardCharsets.UTF_8);
                Path golden = GOLDEN.resolve(s.rawType()).resolve(example.getFileName());
                if (update) {
                    Files.createDirectories(golden.getParent());
                    Files.write(golden, event);
                }
                assertTrue(Files.exists(golden), golden + " is missing: run with -Dgolden.update=true and review it");
                assertEquals(
                        Files.readString(golden),
                        new String(event, StandardCharsets.UTF_8),
                        example + " against " + golden);
            }
        }
    }

    @Test
    void framesFourteenAndFifteenGiveTheSchemasNormalizedExamples() throws Exception {
        assertEquals(
                JSON.readTree(Examples.bytes(example("norm.swap_demand.v1", "valid-from-frame-14-exact-in.json"))),
                JSON.readTree(normalize(
                                STREAMS.get(0),
                                example(
                                        "raw.near_intents.quote.v1",
                                        "valid-event-envelope-b-with-undocumented-fields-14.json"))
                        .getMessage()
                        .getBody(String.class)));
        assertEquals(
                JSON.readTree(Examples.bytes(example("norm.quote_status.v1", "valid-from-frame-15.json"))),
                JSON.readTree(normalize(
                                STREAMS.get(1),
                                example("raw.near_intents.quote_status.v1", "valid-event-envelope-b-15.json"))
                        .getMessage()
                        .getBody(String.class)));
    }

    @Test
    void everyInvalidRawExampleIsDeadLetteredWithTheReasonNamingItsField() throws Exception {
        Map<TopicPartition, Long> dlq =
                new Topics(KafkaBrokerResource.bootstrapServers()).mark("dlq.near_intents.normalize");
        int rejected = 0;
        for (Stream s : STREAMS) {
            for (Path example : Examples.invalid(s.rawType())) {
                Exchange out = normalize(s, example);
                assertTrue(
                        Boolean.TRUE.equals(out.getProperty("unripDeadLettered", Boolean.class)),
                        example + " was not dead-lettered");
                String reason = out.getMessage().getHeader(CloudEventHeaders.DLQ_REASON, String.class);
                assertNotNull(reason, example + ": no reason");
                assertTrue(
                        reason.contains(Examples.fieldOf(example)),
                        example + ": the reason does not name '" + Examples.fieldOf(example) + "': " + reason);
                rejected++;
            }
        }
        int expected = rejected;
        await().atMost(WAIT)
                .until(() -> new Topics(KafkaBrokerResource.bootstrapServers())
                                .since("dlq.near_intents.normalize", dlq)
                                .size()
                        == expected);
    }

    /**
     * A balance answer gives several events: its golden file holds their record values, one per
     * line in the order the token ids were asked ({@code <answer>.jsonl}); the record keys are
     * checked beside it. The first example's events are the schema's norm.balance examples.
     */
    @Test
    void everyValidBalanceAnswerGivesItsGoldenEventsByteForByteOnePerToken() throws Exception {
        boolean update = Boolean.getBoolean("golden.update");
        for (Path answer : BalanceAnswers.valid()) {
            Exchange out = normalizeBalance(answer);
            assertTrue(
                    !Boolean.TRUE.equals(out.getProperty("unripDeadLettered", Boolean.class)),
                    answer + " was dead-lettered: " + out.getMessage().getHeader(CloudEventHeaders.DLQ_REASON));
            List<Message> events = events(out);
            JsonNode tokens = JSON.readTree(BalanceAnswers.headers(answer).get(NearIntentsHeaders.TOKEN_IDS));
            assertEquals(tokens.size(), events.size(), answer + ": one event per token id");
            StringBuilder lines = new StringBuilder();
            for (int i = 0; i < events.size(); i++) {
                assertEquals(
                        BalanceAnswers.key(answer) + "/" + tokens.get(i).asText(),
                        events.get(i).getHeader(KafkaConstants.KEY),
                        answer + ": keyed <account_id>/<asset>, in the order asked");
                lines.append(events.get(i).getBody(String.class)).append('\n');
            }
            Path golden = GOLDEN.resolve(BalanceAnswers.TYPE)
                    .resolve(answer.getFileName().toString().replace(".json", ".jsonl"));
            if (update) {
                Files.createDirectories(golden.getParent());
                Files.writeString(golden, lines);
            }
            assertTrue(Files.exists(golden), golden + " is missing: run with -Dgolden.update=true and review it");
            assertEquals(Files.readString(golden), lines.toString(), answer + " against " + golden);
        }
        List<Message> firstExample = events(normalizeBalance(example(BalanceAnswers.TYPE, "valid-two-tokens.json")));
        assertEquals(
                JSON.readTree(Examples.bytes(example("norm.balance.v1", "valid-wrap-near-of-two-tokens.json"))),
                JSON.readTree(firstExample.get(0).getBody(String.class)));
        assertEquals(
                JSON.readTree(Examples.bytes(example("norm.balance.v1", "valid-zero-usdt-of-two-tokens.json"))),
                JSON.readTree(firstExample.get(1).getBody(String.class)));
    }

    /**
     * Every refused answer (by the raw schema, the mapping, or the output schema for one of its
     * events) is one dead letter, the answer byte for byte with the reason naming the field; none
     * of its events comes back to be sent.
     */
    @Test
    void everyRefusedBalanceAnswerIsOneDeadLetterNamingItsFieldAndGivesNoEvent() throws Exception {
        Topics topics = new Topics(KafkaBrokerResource.bootstrapServers());
        Map<TopicPartition, Long> dlq = topics.mark("dlq.near_intents.normalize");
        List<Path> refused = BalanceAnswers.invalid();
        for (Path answer : refused) {
            Exchange out = normalizeBalance(answer);
            assertTrue(
                    Boolean.TRUE.equals(out.getProperty("unripDeadLettered", Boolean.class)),
                    answer + " was not dead-lettered");
            String reason = out.getMessage().getHeader(CloudEventHeaders.DLQ_REASON, String.class);
            assertTrue(
                    reason != null && reason.contains(Examples.fieldOf(answer)),
                    answer + ": the reason does not name '" + Examples.fieldOf(answer) + "': " + reason);
            assertTrue(
                    out.getMessage().getBody() instanceof byte[],
                    answer + ": the answer itself comes back, not events: "
                            + out.getMessage().getBody());
        }
        await().atMost(WAIT)
                .until(() -> topics.since("dlq.near_intents.normalize", dlq).size() == refused.size());
        Map<String, String> reasons = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : topics.since("dlq.near_intents.normalize", dlq)) {
            reasons.put(new String(r.value(), StandardCharsets.UTF_8), Topics.header(r, CloudEventHeaders.DLQ_REASON));
        }
        for (Path answer : refused) {
            String reason = reasons.get(new String(Examples.bytes(answer), StandardCharsets.UTF_8));
            assertTrue(
                    reason != null && reason.contains(Examples.fieldOf(answer)),
                    answer + ": not dead-lettered once, byte for byte, with its reason: " + reason);
        }
    }

    private Exchange normalizeBalance(Path answer) {
        Map<String, Object> headers = new HashMap<>(BalanceAnswers.headers(answer));
        return producer.send("direct:normalizeBalance", e -> {
            e.getMessage().setBody(Examples.bytes(answer));
            e.getMessage().setHeaders(headers);
        });
    }

    @SuppressWarnings("unchecked")
    private static List<Message> events(Exchange out) {
        assertEquals(null, out.getException(), String.valueOf(out.getException()));
        return out.getMessage().getBody(List.class);
    }

    /** The example as ingest writes it (envelope headers of the frame) through the mapping route. */
    private Exchange normalize(Stream s, Path example) {
        byte[] frame = Examples.bytes(example);
        Map<String, Object> headers = new HashMap<>();
        headers.put(CloudEventHeaders.ID, EventIds.rawEventId("near-intents", s.stream(), frame));
        headers.put(CloudEventHeaders.OBSERVED_AT, s.observedAt().getBytes(StandardCharsets.UTF_8));
        headers.put(CloudEventHeaders.INGESTED_AT, s.ingestedAt().getBytes(StandardCharsets.UTF_8));
        return producer.send(s.route(), e -> {
            e.getMessage().setBody(frame);
            e.getMessage().setHeaders(headers);
        });
    }

    private static Path example(String type, String name) {
        return Examples.repo().resolve("schemas/events/examples").resolve(type).resolve(name);
    }
}
