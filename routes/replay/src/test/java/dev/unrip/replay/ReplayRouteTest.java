package dev.unrip.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unrip.routes.testing.Examples;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * replay.camel.yaml in-process: one run over the raw topics (every raw example, valid and
 * invalid) through the Kamelet and the normalize mapping routes, against a real broker. Each valid
 * example's event equals, byte for byte, the golden event the live normalize's own test holds
 * (routes/near-intents/normalize/src/test/resources/golden); each invalid one is on the run's
 * dead-letter topic with the reason; the run stops by itself and says it is done.
 */
@QuarkusMainTest
@QuarkusTestResource(ReplayRunResource.class)
class ReplayRouteTest {

    private static final Path GOLDEN =
            Examples.repo().resolve("routes/near-intents/normalize/src/test/resources/golden");

    @Test
    @Launch(
            value = {},
            exitCode = 0)
    void aRunGivesTheLiveNormalizersBytesAndDeadLettersTheRestThenStops(LaunchResult result) throws Exception {
        int records = 0;
        int invalid = 0;
        for (ReplayRunResource.RawStream s : ReplayRunResource.STREAMS) {
            records += ReplayRunResource.all(s).size();
            invalid += Examples.invalid(s.type()).size();
            Set<String> events = ReplayRunResource.written(s.normalizedTopic()).stream()
                    .map(r -> new String(Base64.getDecoder().decode(r[0]), StandardCharsets.UTF_8))
                    .collect(Collectors.toSet());
            Set<String> golden = new HashSet<>();
            for (Path example : Examples.valid(s.type())) {
                Path event = GOLDEN.resolve(s.type()).resolve(example.getFileName());
                if (Files.exists(event)) {
                    golden.add(Files.readString(event));
                } else {
                    // A balance answer's events, one per line (NormalizeGoldenTest).
                    golden.addAll(Files.readAllLines(event.resolveSibling(
                            example.getFileName().toString().replace(".json", ".jsonl"))));
                }
            }
            assertEquals(golden, events, s.topic() + ": the replayed events are the live normalizer's, byte for byte");
        }
        Map<String, String> reasons = new HashMap<>();
        for (String[] r : ReplayRunResource.written("dlq.near_intents.normalize")) {
            reasons.put(new String(Base64.getDecoder().decode(r[0]), StandardCharsets.UTF_8), r[1]);
        }
        assertEquals(
                invalid,
                ReplayRunResource.written("dlq.near_intents.normalize").size(),
                "every invalid example dead-lettered once");
        for (ReplayRunResource.RawStream s : ReplayRunResource.STREAMS) {
            for (Path example : Examples.invalid(s.type())) {
                String reason = reasons.get(Files.readString(example));
                assertTrue(reason != null && reason.contains(Examples.fieldOf(example)), example + ": " + reason);
            }
        }
        String summary = result.getOutput() + result.getErrorOutput();
        assertTrue(
                summary.contains("replay " + ReplayRunResource.RUN + " done: read " + records + " of " + records
                        + " raw records; " + (records - invalid) + " normalized, " + invalid + " dead-lettered"),
                summary);
    }
}
