package dev.unrip.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The topic catalogue ({@code schemas/topics.yaml}, on the class path as {@code topics.yaml}): the
 * one place topic settings live. The local stack creates its topics from it; the deployment's
 * topic Job reads the same file. Loading checks the file, so a typo fails at start, naming the
 * topic and the field.
 */
public record TopicCatalogue(List<Topic> topics) {

    /** The classes of topic, the first segment of every topic name (ctl: control, e.g. the trading state). */
    public static final Set<String> CLASSES = Set.of("raw", "norm", "cmd", "exec", "dlq", "ctl");

    /**
     * One topic: its name, class, what its key means, its schema (a file
     * {@code schemas/events/<schema>.schema.json}), its broker settings and who uses it.
     * {@code retentionMs} -1 means forever.
     */
    public record Topic(
            String name,
            String topicClass,
            String key,
            String schema,
            int partitions,
            int replicationFactor,
            long retentionMs,
            String cleanupPolicy,
            List<String> producers,
            List<String> consumers) {}

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> TOPIC_FIELDS = Set.of(
            "name",
            "class",
            "key",
            "schema",
            "partitions",
            "replication_factor",
            "retention_ms",
            "cleanup_policy",
            "producers",
            "consumers");
    private static final Set<String> CLEANUP_POLICIES = Set.of("delete", "compact", "compact,delete", "delete,compact");

    public TopicCatalogue {
        topics = List.copyOf(topics);
    }

    /** Loads the catalogue from a file, e.g. {@code <repo>/schemas/topics.yaml}. */
    public static TopicCatalogue load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the topic catalogue " + file + ": " + e.getMessage(), e);
        }
    }

    /** Loads the catalogue packaged with this library ({@code topics.yaml} on the class path). */
    public static TopicCatalogue fromClasspath() {
        try (InputStream in = TopicCatalogue.class.getResourceAsStream("/topics.yaml")) {
            if (in == null) {
                throw new IllegalStateException("topics.yaml is not on the class path");
            }
            return parse(in, "classpath:topics.yaml");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read classpath:topics.yaml: " + e.getMessage(), e);
        }
    }

    /** The topic of that name, if the catalogue has it. */
    public Optional<Topic> topic(String name) {
        return topics.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    private static TopicCatalogue parse(InputStream in, String origin) throws IOException {
        JsonNode root = YAML.readTree(in);
        if (root == null || !root.isObject()) {
            throw new IllegalStateException(origin + ": not a YAML mapping");
        }
        JsonNode defaults = root.path("defaults");
        int defaultReplication = defaults.has("replication_factor")
                ? positiveInt(defaults.get("replication_factor"), origin + ": defaults.replication_factor")
                : 1;
        JsonNode list = root.path("topics");
        if (!list.isArray() || list.isEmpty()) {
            throw new IllegalStateException(origin + " lists no topics");
        }
        List<Topic> topics = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int index = 0;
        for (JsonNode t : list) {
            String where = origin + ": topic #" + index++;
            String name = text(t, "name", where);
            where = origin + ": topic " + name;
            for (Iterator<String> fields = t.fieldNames(); fields.hasNext(); ) {
                String field = fields.next();
                if (!TOPIC_FIELDS.contains(field)) {
                    throw new IllegalStateException(
                            where + " has an unknown field '" + field + "' (known: " + TOPIC_FIELDS + ")");
                }
            }
            if (!names.add(name)) {
                throw new IllegalStateException(where + " is listed twice");
            }
            String topicClass = text(t, "class", where);
            if (!CLASSES.contains(topicClass) || !name.startsWith(topicClass + ".")) {
                throw new IllegalStateException(where + ": class '" + topicClass + "' must be one of " + CLASSES
                        + " and the first segment of the name");
            }
            int partitions = positiveInt(required(t, "partitions", where), where + ": partitions");
            int replication = t.has("replication_factor")
                    ? positiveInt(t.get("replication_factor"), where + ": replication_factor")
                    : defaultReplication;
            JsonNode retentionNode = required(t, "retention_ms", where);
            if (!retentionNode.canConvertToLong()
                    || !retentionNode.isIntegralNumber()
                    || (retentionNode.asLong() != -1 && retentionNode.asLong() <= 0)) {
                throw new IllegalStateException(
                        where + ": retention_ms must be -1 (forever) or a positive number of ms, was " + retentionNode);
            }
            String cleanup = text(t, "cleanup_policy", where);
            if (!CLEANUP_POLICIES.contains(cleanup)) {
                throw new IllegalStateException(
                        where + ": cleanup_policy must be one of " + CLEANUP_POLICIES + ", was " + cleanup);
            }
            topics.add(new Topic(
                    name,
                    topicClass,
                    text(t, "key", where),
                    text(t, "schema", where),
                    partitions,
                    replication,
                    retentionNode.asLong(),
                    cleanup,
                    strings(t, "producers", where),
                    strings(t, "consumers", where)));
        }
        return new TopicCatalogue(topics);
    }

    private static JsonNode required(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalStateException(where + " has no '" + field + "'");
        }
        return value;
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode value = required(node, field, where);
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new IllegalStateException(where + ": '" + field + "' must be non-blank text, was " + value);
        }
        return value.asText();
    }

    private static int positiveInt(JsonNode value, String where) {
        if (!value.isInt() || value.asInt() < 1) {
            throw new IllegalStateException(where + " must be a whole number >= 1, was " + value);
        }
        return value.asInt();
    }

    private static List<String> strings(JsonNode node, String field, String where) {
        JsonNode array = required(node, field, where);
        if (!array.isArray() || array.isEmpty()) {
            throw new IllegalStateException(where + ": '" + field + "' must be a non-empty list");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode n : array) {
            if (!n.isTextual() || n.asText().isBlank()) {
                throw new IllegalStateException(where + ": '" + field + "' must list non-blank names, found " + n);
            }
            out.add(n.asText());
        }
        return List.copyOf(out);
    }
}
