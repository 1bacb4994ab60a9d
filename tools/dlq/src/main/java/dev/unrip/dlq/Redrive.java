package dev.unrip.dlq;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * {@code make redrive TOPIC=… [REASON=regex] [MAX=…] [RATE=…/s] [DRY_RUN=1] [RESET=1]}: sends the
 * records of a dead-letter topic back to the topic each came from ({@code dlq_source_topic}), the
 * original key, bytes and headers, without the {@code dlq_*} headers and with {@code
 * dlq_redrive_count} one higher. The model is AWS SQS's message move task: back to the source,
 * rate-limited, one task at a time.
 *
 * <ul>
 *   <li>It reads the records that are on the topic when it starts (a record that fails again comes
 *       back after that end, so one run never loops).
 *   <li>A record without a source (a relay frame) is not re-drivable: listed, never sent. One already
 *       re-driven {@value #MAX_REDRIVES} times is parked: listed, left on the dead-letter topic.
 *   <li>One run at a time per topic: a run is a member of the consumer group {@code
 *       unrip-redrive-<topic>}; a run that finds another member there, before or right after joining,
 *       is refused and sends nothing.
 *   <li>What it handled is committed to that group ({@link Progress}) after the broker acknowledged
 *       the sends, so a later run does not send a record again; {@code RESET=1} forgets it. A crash
 *       between the acknowledgement and the commit sends those records again (at least once; the
 *       consumers are idempotent: deterministic ids, the executor's idempotency).
 *   <li>{@code DRY_RUN=1} lists what it would do and changes nothing: it does not join the group,
 *       sends nothing and commits nothing.
 * </ul>
 */
final class Redrive {

    static final int MAX_REDRIVES = 3;
    static final String COUNT_HEADER = "dlq_redrive_count";
    static final int REFUSED = 3;
    private static final int LISTED = 20;
    private static final int COMMIT_EVERY = 100;
    private static final Duration COMMIT_INTERVAL = Duration.ofSeconds(1);
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STALL = Duration.ofSeconds(30);

    private record Pending(TopicPartition partition, long offset, String source, Future<RecordMetadata> sent) {}

    private final Settings settings;
    private final PrintStream out;
    private final String topic;
    private Set<String> brokerTopics = Set.of();
    private final Map<String, Long> sentTo = new TreeMap<>();
    private final Map<String, Integer> listed = new TreeMap<>();
    private final List<Pending> pending = new ArrayList<>();
    private final Set<TopicPartition> changed = new HashSet<>();
    private long sent;
    private long alreadyHandled;
    private long notMatching;
    private long noSource;
    private long sourceMissing;
    private long parked;
    private long failed;
    private long started;
    private long firstSendNanos;
    private long lastCommitNanos = System.nanoTime();
    private boolean maxReached;
    private boolean refused;
    private boolean committedAny;
    private String failure;

    private Redrive(Settings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
        this.topic = settings.topic();
    }

    static String group(String topic) {
        return "unrip-redrive-" + topic;
    }

    /** How often a record was re-driven: its dlq_redrive_count; an unreadable count parks it (it never loops). */
    static int redrives(ConsumerRecord<byte[], byte[]> r) {
        String count = Texts.header(r, COUNT_HEADER);
        if (count == null) {
            return 0;
        }
        try {
            return Math.max(0, Integer.parseInt(count.strip()));
        } catch (NumberFormatException e) {
            return MAX_REDRIVES;
        }
    }

    static int run(Settings settings, PrintStream out) {
        return new Redrive(settings, out).run();
    }

    private int run() {
        String bootstrap = settings.bootstrap();
        try (Admin admin = Kafka.admin(bootstrap);
                KafkaConsumer<byte[], byte[]> reader = Kafka.reader(bootstrap)) {
            Kafka.requireReachable(admin, bootstrap);
            brokerTopics = Kafka.topics(admin);
            Kafka.Window window = Kafka.window(reader, topic);
            out.println("redrive " + topic + ": " + Texts.count(window.records(), "record") + " when it started ("
                    + window.describe() + ")" + settings.describe());
            if (settings.dryRun()) {
                Map<TopicPartition, Progress> progress = new HashMap<>();
                Map<TopicPartition, OffsetAndMetadata> committed =
                        settings.reset() ? Map.of() : Kafka.committed(admin, group(topic), topic);
                Map<TopicPartition, Long> from = new HashMap<>();
                window.begin().forEach((tp, begin) -> {
                    progress.put(tp, Progress.of(committed.get(tp), begin));
                    from.put(tp, progress.get(tp).next());
                });
                Kafka.read(reader, from, window, r -> {
                    if (!maxReached) {
                        handle(r, progress.get(new TopicPartition(r.topic(), r.partition())), null);
                    }
                });
                summary(Map.of());
                return 0;
            }
            Optional<String> other = otherMember(admin, null);
            if (other.isPresent()) {
                return refuse(other.get());
            }
            return asMember(admin, window);
        }
    }

    private int asMember(Admin admin, Kafka.Window window) {
        int maxPoll = settings.rate() > 0 ? (int) Math.max(1, Math.min(500, Math.ceil(settings.rate() * 5))) : 500;
        try (KafkaConsumer<byte[], byte[]> consumer = Kafka.member(settings.bootstrap(), group(topic), maxPoll);
                KafkaProducer<byte[], byte[]> producer = Kafka.producer(settings.bootstrap())) {
            Map<TopicPartition, Progress> progress = new HashMap<>();
            Set<TopicPartition> seen = new HashSet<>();
            boolean[] joined = {false};
            consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    commit(consumer, producer, progress);
                    partitions.forEach(progress::remove);
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> partitions) {
                    partitions.forEach(progress::remove);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    joined[0] = true;
                    Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(partitions));
                    for (TopicPartition tp : partitions) {
                        long begin = window.begin().get(tp);
                        Progress p = settings.reset() && seen.add(tp)
                                ? Progress.from(begin)
                                : Progress.of(committed.get(tp), begin);
                        seen.add(tp);
                        progress.put(tp, p);
                        consumer.seek(tp, p.next());
                    }
                }
            });
            long joinDeadline = System.nanoTime() + JOIN_TIMEOUT.toNanos();
            ConsumerRecords<byte[], byte[]> records = ConsumerRecords.empty();
            while (!joined[0]) {
                if (System.nanoTime() > joinDeadline) {
                    throw new Kafka.Unreachable("could not join the consumer group " + group(topic) + " within "
                            + JOIN_TIMEOUT.toSeconds() + " s");
                }
                records = consumer.poll(Duration.ofMillis(200));
            }
            Optional<String> other = otherMember(admin, consumer.groupMetadata().memberId());
            if (other.isPresent()) {
                refused = true;
                return refuse(other.get());
            }
            long lastProgress = System.nanoTime();
            while (true) {
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    Progress p = progress.get(tp);
                    if (maxReached
                            || failure != null
                            || p == null
                            || r.offset() >= window.end().get(tp)) {
                        continue;
                    }
                    handle(r, p, producer);
                    lastProgress = System.nanoTime();
                    if (pending.size() >= COMMIT_EVERY) {
                        commit(consumer, producer, progress);
                    }
                }
                if (!changed.isEmpty() || !pending.isEmpty()) {
                    if (System.nanoTime() - lastCommitNanos > COMMIT_INTERVAL.toNanos()) {
                        commit(consumer, producer, progress);
                    }
                }
                if (maxReached || failure != null || finished(consumer, window)) {
                    break;
                }
                if (System.nanoTime() - lastProgress > STALL.toNanos()) {
                    commit(consumer, producer, progress);
                    throw new Kafka.Unreachable("reading " + topic + " made no progress for " + STALL.toSeconds()
                            + " s (assigned: " + consumer.assignment() + ")");
                }
                records = consumer.poll(Duration.ofMillis(200));
            }
            commit(consumer, producer, progress);
            summary(progress);
            return failure == null ? 0 : 1;
        }
    }

    /** Every partition of the window is ours and read to its end (a partition at its end is paused). */
    private static boolean finished(KafkaConsumer<byte[], byte[]> consumer, Kafka.Window window) {
        if (!consumer.assignment().containsAll(window.end().keySet())) {
            return false;
        }
        boolean all = true;
        for (TopicPartition tp : window.end().keySet()) {
            if (consumer.position(tp) >= window.end().get(tp)) {
                consumer.pause(Set.of(tp));
            } else {
                all = false;
            }
        }
        return all;
    }

    /** One record: already handled, filtered out, not re-drivable, parked, or sent back (producer null: dry run). */
    private void handle(ConsumerRecord<byte[], byte[]> r, Progress p, KafkaProducer<byte[], byte[]> producer) {
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        if (p.handled(r.offset())) {
            alreadyHandled++;
            return;
        }
        String reason = Texts.header(r, "dlq_reason");
        if (!settings.matches(reason)) {
            notMatching++;
            return;
        }
        String where = r.partition() + "@" + r.offset();
        String source = Texts.header(r, "dlq_source_topic");
        if (source == null || source.isBlank()) {
            noSource++;
            list(
                    "not re-drivable",
                    where + ": no dlq_source_topic (its input came from no topic, e.g. a relay frame); "
                            + Texts.header(r, "dlq_stage") + ": " + Texts.oneLine(reason));
            done(p, tp, r.offset(), producer);
            return;
        }
        if (!brokerTopics.contains(source)) {
            sourceMissing++;
            list("not re-drivable", where + ": its source topic " + source + " is not on the broker");
            return;
        }
        int redrives = redrives(r);
        if (redrives >= MAX_REDRIVES) {
            parked++;
            list(
                    "parked",
                    where + ": re-driven " + redrives + " times already (" + COUNT_HEADER + "), left on " + topic + ": "
                            + Texts.oneLine(reason));
            done(p, tp, r.offset(), producer);
            return;
        }
        if (settings.max().isPresent() && started >= settings.max().getAsInt()) {
            maxReached = true;
            return;
        }
        started++;
        if (producer == null) {
            sentTo.merge(source, 1L, Long::sum);
            list(
                    "would send",
                    where + " -> " + source + " with " + COUNT_HEADER + "=" + (redrives + 1) + ": "
                            + Texts.oneLine(reason));
            return;
        }
        pace(started - 1);
        ProducerRecord<byte[], byte[]> back =
                new ProducerRecord<>(source, null, r.key(), r.value(), headersBack(r, redrives + 1));
        pending.add(new Pending(tp, r.offset(), source, producer.send(back)));
    }

    /** The original headers (every one but dlq_*), and the count of re-drives. */
    static RecordHeaders headersBack(ConsumerRecord<byte[], byte[]> r, int redrives) {
        RecordHeaders headers = new RecordHeaders();
        for (Header h : r.headers()) {
            if (!h.key().startsWith("dlq_")) {
                headers.add(h.key(), h.value());
            }
        }
        headers.add(COUNT_HEADER, Integer.toString(redrives).getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    private void done(Progress p, TopicPartition tp, long offset, KafkaProducer<byte[], byte[]> producer) {
        if (producer != null) {
            p.markDone(offset);
            changed.add(tp);
        }
    }

    /** RATE: send number n (from 0) waits until n / RATE seconds after the first. */
    private void pace(long n) {
        if (settings.rate() <= 0) {
            return;
        }
        if (n == 0) {
            firstSendNanos = System.nanoTime();
        }
        long due = firstSendNanos + (long) (n * 1e9 / settings.rate());
        while (due - System.nanoTime() > 0) {
            LockSupport.parkNanos(due - System.nanoTime());
        }
    }

    /** Waits for the sends, marks what the broker acknowledged, and commits what changed. */
    private void commit(
            KafkaConsumer<byte[], byte[]> consumer,
            KafkaProducer<byte[], byte[]> producer,
            Map<TopicPartition, Progress> progress) {
        if (refused) {
            return;
        }
        if (!pending.isEmpty()) {
            producer.flush();
            for (Pending s : pending) {
                try {
                    s.sent().get(30, TimeUnit.SECONDS);
                    sent++;
                    sentTo.merge(s.source(), 1L, Long::sum);
                    Progress p = progress.get(s.partition());
                    if (p != null) {
                        p.markDone(s.offset());
                        changed.add(s.partition());
                    }
                } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                    failed++;
                    if (failure == null) {
                        failure = "partition " + s.partition().partition() + " offset " + s.offset()
                                + " could not be sent to " + s.source() + ": "
                                + (e.getCause() == null ? e : e.getCause());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failure = "interrupted while waiting for the broker's acknowledgements";
                }
            }
            pending.clear();
        }
        Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
        for (TopicPartition tp : changed) {
            Progress p = progress.get(tp);
            if (p != null) {
                if (p.metadata().length() > Progress.METADATA_LIMIT && failure == null) {
                    failure = "the progress of partition " + tp.partition()
                            + " has grown too fragmented for one commit (REASON filters leave gaps): run once"
                            + " without REASON, or RESET=1 with care";
                }
                commits.put(tp, p.committed());
            }
        }
        if (!commits.isEmpty()) {
            consumer.commitSync(commits);
            committedAny = true;
        }
        changed.clear();
        lastCommitNanos = System.nanoTime();
    }

    /** A member of the run's consumer group other than this one (client id and host), if there is one. */
    private Optional<String> otherMember(Admin admin, String ownMemberId) {
        try {
            ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group(topic)))
                    .describedGroups()
                    .get(group(topic))
                    .get(10, TimeUnit.SECONDS);
            return d.members().stream()
                    .filter(m -> !m.consumerId().equals(ownMemberId))
                    .findFirst()
                    .map(m -> m.clientId() + " on " + m.host());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return Optional.empty();
            }
            throw new Kafka.Unreachable("cannot describe the consumer group " + group(topic) + ": " + e.getCause());
        } catch (Exception e) {
            throw new Kafka.Unreachable("cannot describe the consumer group " + group(topic) + ": " + e);
        }
    }

    private int refuse(String member) {
        out.println("refused: another make redrive of " + topic + " is running (the consumer group " + group(topic)
                + " has the member " + member + "); one run at a time per topic: wait for it to end");
        return REFUSED;
    }

    private void list(String kind, String line) {
        int n = listed.merge(kind, 1, Integer::sum);
        if (n <= LISTED) {
            out.println("  " + kind + " " + line);
        }
    }

    private void summary(Map<TopicPartition, Progress> progress) {
        listed.forEach((kind, n) -> {
            if (n > LISTED) {
                out.println("  ... and " + (n - LISTED) + " more " + kind);
            }
        });
        StringBuilder to = new StringBuilder();
        sentTo.forEach((source, n) ->
                to.append(to.isEmpty() ? "" : ", ").append(source).append(": ").append(n));
        String sends = settings.dryRun() ? "would send " + started : "sent " + sent;
        out.println("summary: " + sends + (to.isEmpty() ? "" : " (" + to + ")")
                + ", skipped without source " + noSource
                + ", parked " + parked
                + (settings.reason() == null ? "" : ", not matching REASON " + notMatching)
                + ", already handled by an earlier run " + alreadyHandled
                + (sourceMissing > 0 ? ", source topic missing " + sourceMissing : "")
                + (maxReached ? ", stopped at MAX " + settings.max().getAsInt() : "")
                + (failed > 0 ? ", failed " + failed : ""));
        if (settings.dryRun()) {
            out.println("dry run: nothing was sent and nothing committed");
        } else {
            StringBuilder at = new StringBuilder();
            new TreeMap<>(Map.copyOf(progressByPartition(progress)))
                    .forEach((partition, next) -> at.append(at.isEmpty() ? "" : ", ")
                            .append("partition ")
                            .append(partition)
                            .append(" from offset ")
                            .append(next));
            out.println((committedAny
                            ? "progress committed to the consumer group "
                            : "nothing new to commit to the consumer group ")
                    + group(topic)
                    + (at.isEmpty() ? "" : " (the next run reads " + at + ")"));
        }
        if (failure != null) {
            out.println("FAILED: " + failure + "; what was not sent stays on " + topic + " for the next run");
        }
    }

    private static Map<Integer, Long> progressByPartition(Map<TopicPartition, Progress> progress) {
        Map<Integer, Long> out = new HashMap<>();
        progress.forEach((tp, p) -> out.put(tp.partition(), p.next()));
        return out;
    }
}
