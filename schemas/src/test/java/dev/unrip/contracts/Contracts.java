package dev.unrip.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The contract files as the tests see them: the module's events/ folder and its examples. */
final class Contracts {

    static final Path EVENTS = Path.of("events");
    static final Path EXAMPLES = EVENTS.resolve("examples");
    static final String SCHEMA_SUFFIX = ".schema.json";
    static final ObjectMapper JSON = new ObjectMapper();
    /** The validator Camel's json-validator component uses, with its default configuration. */
    static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    private Contracts() {}

    /** Every schema under events/, by type (the file name without .schema.json). */
    static List<String> schemaTypes() {
        try (Stream<Path> files = Files.list(EVENTS)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(SCHEMA_SUFFIX))
                    .map(n -> n.substring(0, n.length() - SCHEMA_SUFFIX.length()))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean isRaw(String type) {
        return type.startsWith("raw.");
    }

    static Path schemaFile(String type) {
        return EVENTS.resolve(type + SCHEMA_SUFFIX);
    }

    static JsonNode schemaTree(String type) {
        return read(schemaFile(type));
    }

    static JsonSchema schema(String type) {
        return FACTORY.getSchema(schemaTree(type));
    }

    /** The examples of a type whose file name starts with the prefix (valid- or invalid-). */
    static List<Path> examples(String type, String prefix) {
        Path dir = EXAMPLES.resolve(type);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix))
                    .filter(p -> p.getFileName().toString().endsWith(".json"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The field an invalid example is about: {@code invalid--<field>--<why>.json}.
     */
    static String expectedField(Path invalidExample) {
        String[] parts = invalidExample.getFileName().toString().split("--");
        if (parts.length != 3 || parts[1].isBlank()) {
            throw new IllegalArgumentException(invalidExample + " is not named invalid--<field>--<why>.json");
        }
        return parts[1];
    }

    static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
