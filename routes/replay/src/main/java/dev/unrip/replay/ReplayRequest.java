package dev.unrip.replay;

import dev.unrip.kamelets.utils.ReplayBound;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * What one replay run is asked to do, checked before anything starts: which raw topics, the
 * window, where the normalized events go and under which run id. Every mistake is refused with a
 * message that names the argument ({@code make replay TOPIC=... FROM=... TO=... TARGET=... RUN=...}).
 */
public record ReplayRequest(
        List<String> topics, ReplayBound from, ReplayBound to, Target target, String runId, String bootstrap) {

    /** Where the normalized events of a run go. */
    public enum Target {
        /** replay.&lt;run&gt;.norm.* and replay.&lt;run&gt;.dlq.*: nothing live sees them (the default). */
        REPLAY,
        /** The live norm.* topics (and the live dead-letter topic): downstream sees the events again. */
        LIVE
    }

    /** The raw topics this group can replay, and the normalized topic each one feeds. */
    public static final Map<String, String> NORMALIZES_TO = orderedOutputs();

    public static final String DEAD_LETTER = "dlq.near_intents.normalize";

    public static final String USAGE = """
            usage: make replay TOPIC=<raw topic>[,<raw topic>] FROM=<start> TO=<end> [TARGET=replay|live] [RUN=<run id>]
              TOPIC   raw.near_intents.quote, raw.near_intents.quote_status, raw.near_intents.balance (comma-separated)
              FROM    beginning | an offset (every partition) | an RFC 3339 time | -30m, -6h, -2d (before now)
              TO      now (the end when the run starts) | an offset | an RFC 3339 time | -10m   (exclusive)
              TARGET  replay (default): replay.<run>.norm.*   live: the live norm.* topics (no trade runs twice:
                      command ids are deterministic and the executor is idempotent)
              RUN     the run's id, [a-z0-9_-], default the start time; names its group and its topics""";

    private static final Pattern RUN_ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,47}");
    private static final DateTimeFormatter RUN_CLOCK =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private static Map<String, String> orderedOutputs() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("raw.near_intents.quote", "norm.swap_demand");
        m.put("raw.near_intents.quote_status", "norm.quote_status");
        m.put("raw.near_intents.balance", "norm.balance");
        return java.util.Collections.unmodifiableMap(m);
    }

    /**
     * Reads the request from the environment ({@code REPLAY_TOPICS}, {@code REPLAY_FROM},
     * {@code REPLAY_TO}, {@code REPLAY_TARGET}, {@code REPLAY_RUN_ID}, {@code KAFKA_BOOTSTRAP_SERVERS})
     * or the same keys as system properties ({@code replay.topics}, ...).
     *
     * @throws IllegalArgumentException naming the argument that is wrong
     */
    public static ReplayRequest from(Function<String, String> setting, Instant now) {
        String topicsText = setting.apply("replay.topics");
        if (topicsText == null || topicsText.isBlank()) {
            throw new IllegalArgumentException(
                    "TOPIC is missing: give one of " + String.join(", ", NORMALIZES_TO.keySet()));
        }
        List<String> topics = new ArrayList<>();
        for (String topic : topicsText.split(",")) {
            String name = topic.trim();
            if (!NORMALIZES_TO.containsKey(name)) {
                throw new IllegalArgumentException(
                        "TOPIC '" + name + "' is not a raw topic this replay can normalize: give one of "
                                + String.join(", ", NORMALIZES_TO.keySet()));
            }
            if (!topics.contains(name)) {
                topics.add(name);
            }
        }
        ReplayBound from = ReplayBound.start("FROM", setting.apply("replay.from"));
        ReplayBound to = ReplayBound.end("TO", setting.apply("replay.to"));
        ReplayBound.checkOrder(from, to, now);

        String targetText = blankToNull(setting.apply("replay.target"));
        Target target;
        if (targetText == null || targetText.equalsIgnoreCase("replay")) {
            target = Target.REPLAY;
        } else if (targetText.equalsIgnoreCase("live")) {
            target = Target.LIVE;
        } else {
            throw new IllegalArgumentException("TARGET '" + targetText
                    + "' is neither 'replay' (replay.<run>.norm.*, the default) nor 'live' (the live norm.* topics)");
        }

        String runId = blankToNull(setting.apply("replay.run-id"));
        if (runId == null) {
            runId = RUN_CLOCK.format(now) + "-"
                    + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
        } else if (!RUN_ID.matcher(runId).matches()) {
            throw new IllegalArgumentException("RUN '" + runId
                    + "' is not a run id: 1 to 48 of a-z, 0-9, '_' and '-', starting with a letter or digit");
        }
        String bootstrap = blankToNull(setting.apply("kafka.bootstrap.servers"));
        return new ReplayRequest(
                List.copyOf(topics), from, to, target, runId, bootstrap == null ? "localhost:19092" : bootstrap);
    }

    /** The run's own consumer group: no other consumer ever shares its partitions. */
    public String consumerGroup() {
        return "replay." + runId;
    }

    /** The topic a live topic's events go to in this run. */
    public String targetOf(String liveTopic) {
        return target == Target.LIVE ? liveTopic : "replay." + runId + "." + liveTopic;
    }

    /** Each normalized topic this run writes, then its dead-letter topic: live name → target name. */
    public Map<String, String> outputs() {
        Map<String, String> out = new LinkedHashMap<>();
        topics.forEach(raw -> out.put(NORMALIZES_TO.get(raw), targetOf(NORMALIZES_TO.get(raw))));
        out.put(DEAD_LETTER, targetOf(DEAD_LETTER));
        return out;
    }

    /**
     * The configuration the replay app runs with: the Kamelet's parameters and where the shared
     * normalize routes write (normalize.camel.yaml reads normalize.output.*, the dead-letter
     * channel unrip.dlq.topic).
     */
    public Map<String, String> configuration() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("replay.topics", String.join(",", topics));
        config.put("replay.from", from.text());
        config.put("replay.to", to.text());
        config.put("replay.target", target.name().toLowerCase(Locale.ROOT));
        config.put("replay.run-id", runId);
        config.put("replay.consumer-group", consumerGroup());
        config.put("kafka.bootstrap.servers", bootstrap);
        config.put("normalize.output.swap-demand", targetOf("norm.swap_demand"));
        config.put("normalize.output.quote-status", targetOf("norm.quote_status"));
        config.put("normalize.output.balance", targetOf("norm.balance"));
        config.put("unrip.dlq.topic", targetOf(DEAD_LETTER));
        return config;
    }

    /** REPLAY_TOPICS for replay.topics, KAFKA_BOOTSTRAP_SERVERS for kafka.bootstrap.servers. */
    public static String environmentName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
