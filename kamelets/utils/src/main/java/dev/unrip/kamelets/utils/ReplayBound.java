package dev.unrip.kamelets.utils;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One end of a replay window, as an operator writes it: the start ({@code from}) is
 * {@code beginning}, an offset, a time or a time relative to the run's start; the end ({@code to})
 * is {@code now}, an offset, a time or a relative time. Offsets apply to every partition; the
 * window is half-open, [from, to), like Kafka's own end offsets.
 */
public record ReplayBound(Kind kind, long offset, Instant time, Duration ago, String text) {

    /** How a bound is given. */
    public enum Kind {
        /** The partition's earliest retained offset (start only). */
        BEGINNING,
        /** The partition's end offset when the run starts (end only). */
        NOW,
        /** The same offset in every partition, clamped to what the partition holds. */
        OFFSET,
        /** The first record at or after an instant (Kafka's offsets-for-times). */
        TIME,
        /** A time relative to the run's start, e.g. {@code -30m}. */
        AGO
    }

    private static final Pattern AGO_PATTERN = Pattern.compile("-(\\d{1,6})([smhd])");
    private static final String FORMS =
            "an offset (1200), an RFC 3339 time (2026-11-25T10:00:00Z) or a time before the run's start (-30m, -6h, -2d)";

    /**
     * The start of a window: {@code beginning} or one of the common forms.
     *
     * @param argument how the caller calls it in a message ({@code from}, {@code FROM})
     */
    public static ReplayBound start(String argument, String text) {
        return bound(argument, text, Kind.BEGINNING, "beginning", "earliest", "now");
    }

    /** The end of a window (exclusive): {@code now} or one of the common forms. */
    public static ReplayBound end(String argument, String text) {
        return bound(argument, text, Kind.NOW, "now", "end", "beginning");
    }

    /**
     * One end of a window: its own keyword (or that keyword's alias) as {@code kind}, the other
     * end's keyword refused (it would read nothing), else one of the common forms.
     */
    private static ReplayBound bound(
            String argument, String text, Kind kind, String keyword, String alias, String otherEnd) {
        String expected = keyword + ", " + FORMS;
        String value = require(argument, text, expected);
        if (value.equalsIgnoreCase(keyword) || value.equalsIgnoreCase(alias)) {
            return new ReplayBound(kind, -1, null, null, keyword);
        }
        if (value.equalsIgnoreCase(otherEnd)) {
            throw new IllegalArgumentException(argument + " '" + otherEnd + "' reads nothing: give " + expected);
        }
        return common(argument, value, expected);
    }

    /** Refuses a window whose start is after its end, when both are offsets or both are times. */
    public static void checkOrder(ReplayBound from, ReplayBound to, Instant runStart) {
        boolean offsets = from.kind == Kind.OFFSET && to.kind == Kind.OFFSET && from.offset > to.offset;
        boolean times = from.isTime() && to.isTime() && from.instant(runStart).isAfter(to.instant(runStart));
        if (offsets || times) {
            throw new IllegalArgumentException(
                    "the window's start (" + from.text + ") is after its end (" + to.text + ")");
        }
    }

    public boolean isTime() {
        return kind == Kind.TIME || kind == Kind.AGO;
    }

    /** The instant of a time bound; relative bounds count back from the run's start. */
    public Instant instant(Instant runStart) {
        return kind == Kind.AGO ? runStart.minus(ago) : time;
    }

    @Override
    public String toString() {
        return text;
    }

    private static ReplayBound common(String name, String value, String expected) {
        if (value.chars().allMatch(Character::isDigit)) {
            try {
                return new ReplayBound(Kind.OFFSET, Long.parseLong(value), null, null, value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " offset '" + value + "' is too large");
            }
        }
        Matcher ago = AGO_PATTERN.matcher(value);
        if (ago.matches()) {
            long amount = Long.parseLong(ago.group(1));
            Duration duration = switch (ago.group(2)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
            return new ReplayBound(Kind.AGO, -1, null, duration, value);
        }
        try {
            return new ReplayBound(
                    Kind.TIME,
                    -1,
                    OffsetDateTime.parse(value.toUpperCase(Locale.ROOT)).toInstant(),
                    null,
                    value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " '" + value + "' is not understood: give " + expected);
        }
    }

    private static String require(String name, String text, String expected) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(name + " is missing: give " + expected);
        }
        return text.trim();
    }
}
