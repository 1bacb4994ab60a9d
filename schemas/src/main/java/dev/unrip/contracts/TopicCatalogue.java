package dev.unrip.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The topic catalogue ({@code schemas/topics.yaml}): the one place topic settings live. The local
 * stack creates its topics from it; the deployment's topic Job reads the same file.
 */
public record TopicCatalogue(List<Topic> topics) {

    /** One topic: its name, what its key means, its schema and its broker settings. */
    public record Topic(String name, String topicClass, String key, String schema, int partitions,
                        int replicationFactor, long retentionMs, String cleanupPolicy,
                        List<String> producers, List<String> consumers) {
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    public static TopicCatalogue load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the topic catalogue " + file + ": " + e.getMessage(), e);
        }
    }

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

    public Optional<Topic> topic(String name) {
        return topics.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    private static TopicCatalogue parse(InputStream in, String origin) throws IOException {
        JsonNode root = YAML.readTree(in);
        int defaultReplication = root.path("defaults").path("replication_factor").asInt(1);
        List<Topic> topics = new ArrayList<>();
        for (JsonNode t : root.path("topics")) {
            String name = required(t, "name", origin);
            topics.add(new Topic(name, required(t, "class", origin), required(t, "key", origin),
                    required(t, "schema", origin), t.path("partitions").asInt(1),
                    t.path("replication_factor").asInt(defaultReplication),
                    t.path("retention_ms").asLong(-1), t.path("cleanup_policy").asText("delete"),
                    strings(t.path("producers")), strings(t.path("consumers"))));
        }
        if (topics.isEmpty()) {
            throw new IllegalStateException(origin + " lists no topics");
        }
        return new TopicCatalogue(List.copyOf(topics));
    }

    private static String required(JsonNode node, String field, String origin) {
        JsonNode value = node.get(field);
        if (value == null || value.asText().isBlank()) {
            throw new IllegalStateException(origin + ": a topic has no '" + field + "': " + node);
        }
        return value.asText();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return List.copyOf(out);
    }
}
