package dev.unrip.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopicCatalogueTest {

    private static final Path FILE = Path.of("topics.yaml");
    /** One valid catalogue entry; each rejection test breaks it in one way. */
    private static final String TOPIC = """
              - {name: raw.x.y, class: raw, key: k, schema: raw.x.y.v1, partitions: 2, retention_ms: 1000,
                 cleanup_policy: delete, producers: [a], consumers: [b]}
            """;

    @TempDir
    Path dir;

    @Test
    void catalogueLoadsFromAPathWithEverySetting() {
        TopicCatalogue.Topic quote =
                TopicCatalogue.load(FILE).topic("raw.near_intents.quote").orElseThrow();
        assertEquals("raw", quote.topicClass());
        assertEquals("raw.near_intents.quote.v1", quote.schema());
        assertEquals(6, quote.partitions());
        assertEquals(1, quote.replicationFactor());
        assertEquals(7_776_000_000L, quote.retentionMs());
        assertEquals("delete", quote.cleanupPolicy());
        assertEquals(List.of("near-intents-ingest"), quote.producers());
        assertEquals(List.of("near-intents-normalize", "replay"), quote.consumers());
        assertTrue(quote.key().contains("quote_id"));
    }

    @Test
    void catalogueOnTheClassPathIsTheRepositoryFile() {
        assertEquals(TopicCatalogue.load(FILE), TopicCatalogue.fromClasspath());
    }

    @Test
    void everyTopicNamesASchemaThatExists() {
        for (TopicCatalogue.Topic topic : TopicCatalogue.load(FILE).topics()) {
            assertTrue(
                    Files.isRegularFile(Contracts.schemaFile(topic.schema())),
                    topic.name() + " names schema " + topic.schema() + ", which does not exist");
        }
    }

    @Test
    void everyTopicCarriesTheSchemaOfItsOwnNameAndDeadLettersTheDeadLetterRecord() {
        for (TopicCatalogue.Topic topic : TopicCatalogue.load(FILE).topics()) {
            if (topic.topicClass().equals("dlq")) {
                assertEquals(EventTypes.DLQ_RECORD_V1, topic.schema(), topic.name());
            } else {
                assertTrue(
                        topic.schema().matches(java.util.regex.Pattern.quote(topic.name()) + "\\.v[1-9][0-9]*"),
                        topic.name() + " carries " + topic.schema());
            }
        }
    }

    @Test
    void everySchemaIsCarriedBySomeTopic() {
        List<String> carried = TopicCatalogue.load(FILE).topics().stream()
                .map(TopicCatalogue.Topic::schema)
                .toList();
        for (String type : Contracts.schemaTypes()) {
            assertTrue(carried.contains(type), type + " is on no topic");
        }
    }

    @Test
    void replicationFactorComesFromTheDefaultsUnlessTheTopicSetsIt() throws IOException {
        TopicCatalogue catalogue = TopicCatalogue.load(write("""
                defaults:
                  replication_factor: 3
                topics:
                  - {name: raw.x.y, class: raw, key: k, schema: raw.x.y.v1, partitions: 2, retention_ms: -1,
                     cleanup_policy: delete, producers: [a], consumers: [b]}
                  - {name: norm.z, class: norm, key: k, schema: norm.z.v1, partitions: 1, retention_ms: 1000,
                     cleanup_policy: compact, producers: [a], consumers: [b], replication_factor: 1}
                """));
        assertEquals(3, catalogue.topic("raw.x.y").orElseThrow().replicationFactor());
        assertEquals(-1, catalogue.topic("raw.x.y").orElseThrow().retentionMs());
        assertEquals(1, catalogue.topic("norm.z").orElseThrow().replicationFactor());
    }

    @Test
    void misspelledFieldIsRejectedNamingTheTopicAndTheField() throws IOException {
        assertRejected("topics:\n" + TOPIC.replace("retention_ms:", "retention:"), "raw.x.y", "'retention'");
    }

    @Test
    void duplicateTopicIsRejected() throws IOException {
        assertRejected("topics:\n" + TOPIC + TOPIC, "listed twice");
    }

    @Test
    void classMustBeTheFirstSegmentOfTheName() throws IOException {
        assertRejected("topics:\n" + TOPIC.replace("class: raw", "class: norm"), "class");
    }

    @Test
    void brokerSettingsOutOfRangeAreRejected() throws IOException {
        for (String bad : List.of(
                "partitions: 0, retention_ms: 1000, cleanup_policy: delete",
                "partitions: 1, retention_ms: 0, cleanup_policy: delete",
                "partitions: 1, retention_ms: 1000, cleanup_policy: forever")) {
            Path file = write("topics:\n  - {name: raw.x.y, class: raw, key: k, schema: raw.x.y.v1, " + bad
                    + ", producers: [a], consumers: [b]}\n");
            assertThrows(IllegalStateException.class, () -> TopicCatalogue.load(file), bad);
        }
    }

    @Test
    void missingFileIsReportedWithItsPath() {
        Path missing = dir.resolve("nope.yaml");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> TopicCatalogue.load(missing));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    /** Loads {@code yaml} as a catalogue, expects it rejected, and checks that the reason names each of {@code named}. */
    private void assertRejected(String yaml, String... named) throws IOException {
        Path file = write(yaml);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> TopicCatalogue.load(file));
        for (String expected : named) {
            assertTrue(e.getMessage().contains(expected), e.getMessage());
        }
    }

    private Path write(String yaml) throws IOException {
        return Files.writeString(Files.createTempFile(dir, "topics", ".yaml"), yaml);
    }
}
