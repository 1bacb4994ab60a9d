package dev.unrip.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every schema under events/ against its examples: every valid-*.json passes; every
 * invalid--FIELD--WHY.json fails with a message that names FIELD.
 */
class SchemaExamplesTest {

    private static final Path EVENTS = Path.of("events");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    static List<String> schemaNames() throws IOException {
        try (Stream<Path> files = Files.list(EVENTS)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".schema.json"))
                    .map(n -> n.substring(0, n.length() - ".schema.json".length())).sorted().toList();
        }
    }

    static JsonSchema schema(String name) throws IOException {
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        return FACTORY.getSchema(Files.readString(EVENTS.resolve(name + ".schema.json")), config);
    }

    static List<Path> examples(String schema, String prefix) throws IOException {
        Path dir = EVENTS.resolve("examples").resolve(schema);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> validExamplesPassTheirSchema() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (String name : schemaNames()) {
            for (Path example : examples(name, "valid")) {
                tests.add(DynamicTest.dynamicTest(name + "/" + example.getFileName(), () -> {
                    Set<ValidationMessage> errors = schema(name).validate(JSON.readTree(example.toFile()));
                    assertTrue(errors.isEmpty(), example + " should be valid but: " + errors);
                }));
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> invalidExamplesFailWithAMessageNamingTheField() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (String name : schemaNames()) {
            for (Path example : examples(name, "invalid")) {
                String field = example.getFileName().toString().split("--")[1];
                tests.add(DynamicTest.dynamicTest(name + "/" + example.getFileName(), () -> {
                    Set<ValidationMessage> errors = schema(name).validate(JSON.readTree(example.toFile()));
                    assertFalse(errors.isEmpty(), example + " should be invalid");
                    String messages = errors.stream().map(ValidationMessage::getMessage).collect(Collectors.joining("; "));
                    assertTrue(messages.contains(field), "no message names '" + field + "': " + messages);
                }));
            }
        }
        return tests.stream();
    }

    @Test
    void everySchemaHasAValidAndAnInvalidExampleAndAStableId() throws IOException {
        List<String> names = schemaNames();
        assertEquals(7, names.size(), "schemas: " + names);
        for (String name : names) {
            assertFalse(examples(name, "valid").isEmpty(), name + " has no valid example");
            assertFalse(examples(name, "invalid").isEmpty(), name + " has no invalid example");
            JsonNode tree = JSON.readTree(EVENTS.resolve(name + ".schema.json").toFile());
            assertEquals("https://unrip.dev/schemas/" + name + ".schema.json", tree.path("$id").asText());
            assertEquals("https://json-schema.org/draft/2020-12/schema", tree.path("$schema").asText());
        }
    }

    @Test
    void everyCatalogueTopicNamesASchemaThatExists() throws IOException {
        List<String> names = schemaNames();
        TopicCatalogue catalogue = TopicCatalogue.load(Path.of("topics.yaml"));
        for (TopicCatalogue.Topic topic : catalogue.topics()) {
            assertTrue(names.contains(topic.schema()), topic.name() + " names a missing schema " + topic.schema());
        }
    }
}
