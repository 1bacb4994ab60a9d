package dev.unrip.contracts;

import static dev.unrip.contracts.Contracts.FACTORY;
import static dev.unrip.contracts.Contracts.isRaw;
import static dev.unrip.contracts.Contracts.schemaTree;
import static dev.unrip.contracts.Contracts.schemaTypes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.ValidationMessage;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The house rules every schema follows (docs/contracts.md, "Schemas"). */
class SchemaConventionsTest {

    private static final Pattern CONDITIONAL = Pattern.compile("\\.(if|then|else|not)(\\.|\\[|$)");
    private static final List<String> ENVELOPE = List.of(
            "event_id",
            "event_type",
            "schema_version",
            "source",
            "venue",
            "occurred_at",
            "observed_at",
            "ingested_at",
            "causation_id",
            "payload");
    /**
     * Control records (ctl.*) are actions, not derived from a venue event: the same envelope without
     * the venue, its two times and the causation, in the same order.
     */
    private static final List<String> CONTROL_ENVELOPE =
            List.of("event_id", "event_type", "schema_version", "source", "occurred_at", "payload");

    @Test
    void everySchemaIsValidDraft202012() {
        JsonSchema meta = FACTORY.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        for (String type : schemaTypes()) {
            Set<ValidationMessage> errors = meta.validate(schemaTree(type));
            assertTrue(errors.isEmpty(), type + " is not a valid 2020-12 schema: " + errors);
            assertEquals(
                    "https://json-schema.org/draft/2020-12/schema",
                    schemaTree(type).path("$schema").asText(),
                    type);
        }
    }

    @Test
    void everySchemaHasAStableIdNamedAfterItsType() {
        for (String type : schemaTypes()) {
            assertEquals(
                    "https://unrip.dev/schemas/" + type + ".schema.json",
                    schemaTree(type).path("$id").asText(),
                    type);
            assertEquals(EventTypes.schemaId(type), schemaTree(type).path("$id").asText(), type);
        }
    }

    @Test
    void everyPropertyIsDescribed() {
        for (String type : schemaTypes()) {
            JsonNode root = schemaTree(type);
            assertFalse(root.path("title").asText().isBlank(), type + " has no title");
            assertFalse(root.path("description").asText().isBlank(), type + " has no description");
            eachPropertiesMap(
                    root,
                    "$",
                    (where, properties) -> properties.fields().forEachRemaining(p -> {
                        if (p.getValue().isObject()) {
                            assertFalse(
                                    p.getValue().path("description").asText().isBlank(),
                                    type + ": " + where + "." + p.getKey() + " has no description");
                        }
                    }));
        }
    }

    @Test
    void ourObjectsRejectPropertiesTheyDoNotDeclare() {
        for (String type : schemaTypes()) {
            if (isRaw(type)) {
                continue;
            }
            eachObjectWithProperties(
                    schemaTree(type),
                    "$",
                    (where, object) -> assertEquals(
                            Boolean.FALSE,
                            object.has("additionalProperties")
                                            && object.get("additionalProperties")
                                                    .isBoolean()
                                    ? object.get("additionalProperties").asBoolean()
                                    : null,
                            type + ": " + where + " must set additionalProperties: false"));
        }
    }

    @Test
    void rawSchemasNeverRejectAFrameForAnExtraField() {
        for (String type : schemaTypes()) {
            if (!isRaw(type)) {
                continue;
            }
            List<String> closed = new ArrayList<>();
            walk(schemaTree(type), "$", (where, node) -> {
                for (String keyword : List.of("additionalProperties", "unevaluatedProperties")) {
                    if (node.has(keyword)
                            && node.get(keyword).isBoolean()
                            && !node.get(keyword).asBoolean()) {
                        closed.add(where + "." + keyword);
                    }
                }
            });
            assertTrue(closed.isEmpty(), type + " closes objects against venue additions: " + closed);
        }
    }

    @Test
    void ourEventsShareOneEnvelopeAndNameTheirOwnType() {
        for (String type : schemaTypes()) {
            if (isRaw(type) || type.startsWith("dlq.")) {
                continue;
            }
            JsonNode root = schemaTree(type);
            List<String> envelope = type.startsWith("ctl.") ? CONTROL_ENVELOPE : ENVELOPE;
            List<String> properties = new ArrayList<>();
            root.path("properties").fieldNames().forEachRemaining(properties::add);
            assertEquals(envelope, properties, type + " envelope properties");
            List<String> required = new ArrayList<>();
            root.path("required").forEach(r -> required.add(r.asText()));
            assertEquals(Set.copyOf(envelope), Set.copyOf(required), type + " envelope required");
            assertEquals(
                    type,
                    root.path("properties").path("event_type").path("const").asText(),
                    type + " event_type const");
        }
    }

    @Test
    void schemasAreOnTheClassPathAndExamplesAreNot() throws Exception {
        for (String type : schemaTypes()) {
            try (InputStream in = getClass().getClassLoader().getResourceAsStream(EventTypes.classpathSchema(type))) {
                assertNotNull(in, type + " is not on the class path at " + EventTypes.classpathSchema(type));
            }
        }
        assertNull(getClass().getClassLoader().getResource("schemas/examples"), "examples must stay out of the jar");
        assertNotNull(getClass().getClassLoader().getResource("topics.yaml"), "topics.yaml must be on the class path");
    }

    /**
     * Calls back with every "properties" map that declares fields (root, $defs, nested objects), not
     * the ones inside if/then/else/not, which only restate constraints on fields declared elsewhere.
     */
    private static void eachPropertiesMap(JsonNode root, String at, BiConsumer<String, JsonNode> visit) {
        walk(root, at, (where, node) -> {
            if (node.path("properties").isObject()
                    && !CONDITIONAL.matcher(where).find()) {
                visit.accept(where, node.get("properties"));
            }
        });
    }

    /** Calls back with every schema that declares properties and is an object type (not if/then fragments). */
    private static void eachObjectWithProperties(JsonNode root, String at, BiConsumer<String, JsonNode> visit) {
        walk(root, at, (where, node) -> {
            JsonNode type = node.get("type");
            boolean object = type != null
                    && (type.asText().equals("object")
                            || (type.isArray() && type.toString().contains("\"object\"")));
            if (object && node.path("properties").isObject()) {
                visit.accept(where, node);
            }
        });
    }

    private static void walk(JsonNode node, String where, BiConsumer<String, JsonNode> visit) {
        if (node.isObject()) {
            visit.accept(where, node);
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                walk(e.getValue(), where + "." + e.getKey(), visit);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), where + "[" + i + "]", visit);
            }
        }
    }
}
