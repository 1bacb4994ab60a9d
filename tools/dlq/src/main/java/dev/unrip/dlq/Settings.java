package dev.unrip.dlq;

import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What one run was asked, from the environment the make targets set: {@code KAFKA_BOOTSTRAP_SERVERS}
 * and {@code DLQ_TOPIC}, {@code DLQ_REASON} (a regular expression found in {@code dlq_reason}),
 * {@code DLQ_N}, {@code DLQ_MAX}, {@code DLQ_RATE} ({@code 5} or {@code 5/s}), {@code DLQ_DRY_RUN} and
 * {@code DLQ_RESET} ({@code 1}). A bad value is refused in one line ({@link IllegalArgumentException}).
 *
 * @param rate records per second at most; 0 is no limit
 */
record Settings(
        String bootstrap,
        String topic,
        Pattern reason,
        int show,
        OptionalInt max,
        double rate,
        boolean dryRun,
        boolean reset) {

    static final String DEFAULT_BOOTSTRAP = "localhost:19092";

    static Settings fromEnvironment(Map<String, String> env) {
        return new Settings(
                or(env.get("KAFKA_BOOTSTRAP_SERVERS"), DEFAULT_BOOTSTRAP),
                or(env.get("DLQ_TOPIC"), ""),
                reason(env.get("DLQ_REASON")),
                positive("N", or(env.get("DLQ_N"), "10")),
                blank(env.get("DLQ_MAX")) ? OptionalInt.empty() : OptionalInt.of(positive("MAX", env.get("DLQ_MAX"))),
                rate(env.get("DLQ_RATE")),
                flag("DRY_RUN", env.get("DLQ_DRY_RUN")),
                flag("RESET", env.get("DLQ_RESET")));
    }

    /** The same settings for another topic (tests, and each topic of {@code make dlq}). */
    Settings withTopic(String other) {
        return new Settings(bootstrap, other, reason, show, max, rate, dryRun, reset);
    }

    boolean matches(String dlqReason) {
        return reason == null || (dlqReason != null && reason.matcher(dlqReason).find());
    }

    /** How the run was asked, for its first line: {@code REASON ~ /x/, MAX 5, RATE 2/s, dry run}. */
    String describe() {
        StringBuilder s = new StringBuilder();
        if (reason != null) {
            s.append(", REASON ~ /").append(reason.pattern()).append('/');
        }
        max.ifPresent(m -> s.append(", MAX ").append(m));
        if (rate > 0) {
            s.append(", RATE ").append(Texts.number(rate)).append("/s");
        }
        if (reset) {
            s.append(", RESET (earlier progress ignored)");
        }
        if (dryRun) {
            s.append(", dry run");
        }
        return s.toString();
    }

    private static Pattern reason(String value) {
        if (blank(value)) {
            return null;
        }
        try {
            return Pattern.compile(value);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(
                    "REASON is not a regular expression: " + e.getDescription() + " in '" + value + "'");
        }
    }

    private static int positive(String name, String value) {
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalArgumentException(name + " must be a whole number of at least 1, was '" + value + "'");
    }

    private static double rate(String value) {
        if (blank(value)) {
            return 0;
        }
        String number = value.strip().endsWith("/s")
                ? value.strip().substring(0, value.strip().length() - 2)
                : value.strip();
        try {
            double r = Double.parseDouble(number);
            if (r > 0 && Double.isFinite(r)) {
                return r;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalArgumentException(
                "RATE must be records per second above 0, e.g. 5 or 5/s, was '" + value + "'");
    }

    private static boolean flag(String name, String value) {
        if (blank(value) || value.strip().equals("0") || value.strip().equalsIgnoreCase("false")) {
            return false;
        }
        if (value.strip().equals("1") || value.strip().equalsIgnoreCase("true")) {
            return true;
        }
        throw new IllegalArgumentException(name + " is 1 or nothing, was '" + value + "'");
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static String or(String value, String fallback) {
        return blank(value) ? fallback : value.strip();
    }
}
