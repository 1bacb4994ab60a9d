package dev.unrip.kamelets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The Kamelet as packaged (classpath:kamelets) follows the apache/camel-kamelets conventions. */
class KameletConventionsTest {

    private static final String NAME = "kafka-raw-replay-source";

    @Test
    void everyPropertyIsDescribedTypedAndExemplifiedAndEveryPlaceholderIsAProperty() throws Exception {
        JsonNode kamelet;
        String text;
        try (InputStream in = getClass().getResourceAsStream("/kamelets/" + NAME + ".kamelet.yaml")) {
            text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        kamelet = new ObjectMapper(new YAMLFactory()).readTree(text);
        assertEquals("Kamelet", kamelet.path("kind").asText());
        assertEquals(NAME, kamelet.path("metadata").path("name").asText(), "file name = metadata.name");
        assertEquals(
                "source",
                kamelet.path("metadata")
                        .path("labels")
                        .path("camel.apache.org/kamelet.type")
                        .asText());
        List<String> blocks = new ArrayList<>();
        kamelet.path("spec").fieldNames().forEachRemaining(blocks::add);
        assertEquals(List.of("definition", "dependencies", "template"), blocks, "block order");
        JsonNode properties = kamelet.path("spec").path("definition").path("properties");
        properties.fields().forEachRemaining(p -> {
            JsonNode def = p.getValue();
            for (String field : List.of("title", "description", "type")) {
                assertTrue(def.hasNonNull(field), p.getKey() + " has no " + field);
            }
            assertTrue(def.has("example") || def.has("default"), p.getKey() + " has neither example nor default");
        });
        kamelet.path("spec")
                .path("definition")
                .path("required")
                .forEach(r -> assertTrue(properties.has(r.asText()), "required " + r.asText() + " is not a property"));
        Matcher placeholder = Pattern.compile("\\{\\{\\??([A-Za-z]+)}}")
                .matcher(kamelet.path("spec").path("template").toString());
        while (placeholder.find()) {
            String name = placeholder.group(1);
            assertTrue(
                    properties.has(name) || name.equals("replayWindow"),
                    "{{" + name + "}} is neither a property nor a local bean");
        }
    }
}
