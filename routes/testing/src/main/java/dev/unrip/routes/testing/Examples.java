package dev.unrip.routes.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The event examples of {@code schemas/events/examples/<event type>/}: real payloads, valid ones
 * ({@code valid-*.json}) and invalid ones ({@code invalid--<field>--<why>.json}, the field the
 * rejection must name).
 */
public final class Examples {

    private Examples() {}

    /** The checkout: {@code -Dunrip.repo} (set by the build), else two folders up from the module. */
    public static Path repo() {
        return Path.of(System.getProperty("unrip.repo", "../.."))
                .toAbsolutePath()
                .normalize();
    }

    public static List<Path> valid(String eventType) {
        return list(eventType, "valid-");
    }

    public static List<Path> invalid(String eventType) {
        return list(eventType, "invalid--");
    }

    /** The field an invalid example's rejection must name: {@code invalid--<field>--<why>.json}. */
    public static String fieldOf(Path invalidExample) {
        String[] parts = invalidExample.getFileName().toString().split("--");
        if (parts.length < 3) {
            throw new IllegalArgumentException(invalidExample + " is not named invalid--<field>--<why>.json");
        }
        return parts[1];
    }

    public static byte[] bytes(Path example) {
        try {
            return Files.readAllBytes(example);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> list(String eventType, String prefix) {
        Path dir = repo().resolve("schemas/events/examples").resolve(eventType);
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> found = files.filter(p -> p.getFileName().toString().startsWith(prefix))
                    .sorted()
                    .toList();
            if (found.isEmpty()) {
                throw new IllegalStateException("no " + prefix + "* examples in " + dir);
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}
