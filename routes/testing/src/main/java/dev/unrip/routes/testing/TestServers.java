package dev.unrip.routes.testing;

import dev.unrip.localstack.StackConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/** Where a route group's test servers keep their state: a fresh folder under the module's target/. */
public final class TestServers {

    private TestServers() {}

    /** Empties and removes a folder (a test's state from an earlier run); nothing when it is absent. */
    public static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new IllegalStateException("cannot clear " + dir, e);
        }
    }

    /** A private configuration (free ports) with its state in {@code target/test-servers/<name>}, emptied first. */
    static StackConfig config(String name) {
        Path repo = Examples.repo();
        if (!Files.exists(repo.resolve("schemas/topics.yaml"))) {
            throw new IllegalStateException(
                    "no schemas/topics.yaml under " + repo + ": set -Dunrip.repo=<the checkout>");
        }
        Path state = Path.of("target/test-servers", name).toAbsolutePath();
        deleteRecursively(state);
        return StackConfig.forTests(repo, state, Map.of());
    }
}
