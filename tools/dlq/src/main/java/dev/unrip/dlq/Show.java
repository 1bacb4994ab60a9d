package dev.unrip.dlq;

import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;

/**
 * {@code make dlq-show TOPIC=… [REASON=regex] [N=10]}: the newest N records of a dead-letter topic
 * whose {@code dlq_reason} matches, oldest first, each with its headers and its body (as text when
 * it is UTF-8, else base64).
 */
final class Show {

    private Show() {}

    static int run(Settings settings, PrintStream out) {
        try (Admin admin = Kafka.admin(settings.bootstrap());
                KafkaConsumer<byte[], byte[]> reader = Kafka.reader(settings.bootstrap())) {
            Kafka.requireReachable(admin, settings.bootstrap());
            Kafka.Window window = Kafka.window(reader, settings.topic());
            Deque<ConsumerRecord<byte[], byte[]>> newest = new ArrayDeque<>();
            long[] matching = {0};
            Kafka.read(reader, window.begin(), window, r -> {
                if (settings.matches(Texts.header(r, "dlq_reason"))) {
                    matching[0]++;
                    newest.addLast(r);
                    if (newest.size() > settings.show()) {
                        newest.removeFirst();
                    }
                }
            });
            out.println(settings.topic() + ": " + Texts.count(window.records(), "record")
                    + (settings.reason() == null
                            ? ""
                            : ", " + matching[0] + " with dlq_reason ~ /"
                                    + settings.reason().pattern() + "/")
                    + (newest.isEmpty() ? "" : "; the newest " + newest.size() + ", oldest first:"));
            int n = 0;
            for (ConsumerRecord<byte[], byte[]> r : newest) {
                print(++n, r, out);
            }
            return 0;
        }
    }

    static void print(int n, ConsumerRecord<byte[], byte[]> r, PrintStream out) {
        out.println();
        out.println("#" + n + "  " + r.topic() + " partition " + r.partition() + " offset " + r.offset() + "  "
                + Texts.time(r.timestamp()));
        out.println("  key: " + (r.key() == null ? "(none)" : Texts.value(r.key())));
        out.println("  headers:");
        int width = 0;
        for (Header h : r.headers()) {
            width = Math.max(width, h.key().length());
        }
        for (Header h : r.headers()) {
            String[] lines = Texts.value(h.value()).split("\n", -1);
            out.printf("    %-" + width + "s  %s%n", h.key(), lines[0]);
            for (int i = 1; i < lines.length; i++) {
                out.printf("    %-" + width + "s  %s%n", "", lines[i]);
            }
        }
        if (r.value() == null) {
            out.println("  body: (none: a tombstone)");
            return;
        }
        Optional<String> text = Texts.printable(r.value());
        if (text.isPresent()) {
            out.println("  body (" + r.value().length + " bytes, UTF-8):");
            text.get().lines().forEach(line -> out.println("    " + line));
        } else {
            String why = Texts.utf8(r.value()).isPresent() ? "UTF-8 with control characters" : "not UTF-8";
            out.println("  body (" + r.value().length + " bytes, " + why + ", base64):");
            out.println("    " + java.util.Base64.getEncoder().encodeToString(r.value()));
        }
    }
}
