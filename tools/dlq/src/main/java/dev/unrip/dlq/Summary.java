package dev.unrip.dlq;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code make dlq}: per dead-letter topic of the catalogue, its records counted by {@code dlq_stage}
 * and by reason ({@link Texts#reasonGroup}), the oldest and newest record time, how many were
 * re-driven before ({@code dlq_redrive_count}) and how many {@code make redrive} has handled.
 */
final class Summary {

    private Summary() {}

    /** Counts of one topic. */
    static final class Counts {
        long records;
        long oldest = Long.MAX_VALUE;
        long newest = Long.MIN_VALUE;
        long redriven;
        long parkable;
        long handled;
        final Map<String, Map<String, Long>> byStage = new TreeMap<>();

        long stage(String stage) {
            return byStage.getOrDefault(stage, Map.of()).values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
        }
    }

    static int run(Settings settings, List<String> dlqTopics, PrintStream out) {
        try (Admin admin = Kafka.admin(settings.bootstrap());
                KafkaConsumer<byte[], byte[]> reader = Kafka.reader(settings.bootstrap())) {
            Kafka.requireReachable(admin, settings.bootstrap());
            Set<String> present = Kafka.topics(admin);
            out.println(
                    "dead letters on " + settings.bootstrap()
                            + ", per dead-letter topic of the catalogue: records by stage, and by reason (cut at the first ':')");
            long total = 0;
            int withRecords = 0;
            for (String topic : dlqTopics) {
                out.println();
                if (!present.contains(topic)) {
                    out.println(topic
                            + ": not on the broker (the local stack and the topic Job create the catalogue's topics)");
                    continue;
                }
                Counts c = count(admin, reader, topic);
                total += c.records;
                withRecords += c.records > 0 ? 1 : 0;
                print(topic, c, out);
            }
            out.println();
            out.println(dlqTopics.size() + " dead-letter topics, " + total + " records on " + withRecords + " of them."
                    + (total == 0
                            ? ""
                            : " Read them: make dlq-show TOPIC=<topic> [REASON=<regex>] [N=10];"
                                    + " send them back: make redrive TOPIC=<topic> DRY_RUN=1"));
            return 0;
        }
    }

    static Counts count(Admin admin, KafkaConsumer<byte[], byte[]> reader, String topic) {
        Kafka.Window window = Kafka.window(reader, topic);
        Map<TopicPartition, Progress> progress = new TreeMap<>((a, b) -> Integer.compare(a.partition(), b.partition()));
        var committed = Kafka.committed(admin, Redrive.group(topic), topic);
        window.begin().forEach((tp, begin) -> progress.put(tp, Progress.of(committed.get(tp), begin)));
        Counts c = new Counts();
        Kafka.read(reader, window.begin(), window, r -> {
            c.records++;
            c.oldest = Math.min(c.oldest, r.timestamp());
            c.newest = Math.max(c.newest, r.timestamp());
            String stage = Texts.header(r, "dlq_stage");
            c.byStage
                    .computeIfAbsent(stage == null ? "(no dlq_stage)" : stage, s -> new TreeMap<>())
                    .merge(Texts.reasonGroup(Texts.header(r, "dlq_reason")), 1L, Long::sum);
            int redrives = Redrive.redrives(r);
            c.redriven += redrives > 0 ? 1 : 0;
            c.parkable += redrives >= Redrive.MAX_REDRIVES ? 1 : 0;
            if (progress.get(new TopicPartition(r.topic(), r.partition())).handled(r.offset())) {
                c.handled++;
            }
        });
        return c;
    }

    private static void print(String topic, Counts c, PrintStream out) {
        if (c.records == 0) {
            out.println(topic + ": no records");
            return;
        }
        out.println(topic + ": " + Texts.count(c.records, "record") + ", oldest " + Texts.time(c.oldest) + ", newest "
                + Texts.time(c.newest));
        c.byStage.forEach((stage, reasons) -> {
            out.printf("  %6d  %s%n", c.stage(stage), stage);
            reasons.entrySet().stream()
                    .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                    .forEach(e -> out.printf("  %6s  %6d  %s%n", "", e.getValue(), e.getKey()));
        });
        out.println("  re-drive: " + c.handled + " of " + c.records + " handled by make redrive; " + c.redriven
                + " re-driven before (dlq_redrive_count), " + c.parkable + " of them " + Redrive.MAX_REDRIVES
                + " times (make redrive parks those)");
    }
}
