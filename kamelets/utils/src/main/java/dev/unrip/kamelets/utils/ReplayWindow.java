package dev.unrip.kamelets.utils;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Route;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.spi.StateRepository;
import org.apache.camel.support.RoutePolicySupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded part of the kafka-raw-replay-source Kamelet: which offsets of which partitions one
 * replay run reads, and how far it has got.
 *
 * <p>The window is captured once, when the route starts: every partition's [start, end) from the
 * run's {@code from} and {@code to} (Kafka's earliest, end and offsets-for-times lookups), so
 * {@code to=now} means the end offsets at that moment and records written later are not read.
 * The window plugs into the Kafka consumer in three standard places:
 * <ul>
 *   <li>as its {@code offsetRepository} (Camel's resume-from-offset strategy): on assignment the
 *       consumer seeks each partition to the window's start, or to where this run got to;</li>
 *   <li>as the Kamelet's filter ({@link #contains}): a record outside the window is not passed on;</li>
 *   <li>as the route's policy: the route stops when its last record is done ({@link #isRead}), or
 *       right away when the window is empty at start.</li>
 * </ul>
 * Raw topics are written without transactions and never compacted, so their offsets are
 * contiguous: a partition is read when its record at {@code end - 1} has been passed on. With
 * several consumers, the exchange done last stops the route, and the route's graceful stop lets
 * the others' records in flight finish.
 */
public class ReplayWindow extends RoutePolicySupport implements StateRepository<String, String> {

    private static final Logger LOG = LoggerFactory.getLogger(ReplayWindow.class);

    /** [start, end) of one partition. */
    public record Range(long start, long end) {
        long size() {
            return end - start;
        }
    }

    private String bootstrapServers;
    private String topics;
    private String from = "beginning";
    private String to = "now";
    private long progressInterval = 5000;

    private volatile Map<TopicPartition, Range> ranges;
    private final Map<String, String> consumed = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Long> lastRead = new ConcurrentHashMap<>();
    private final AtomicLong read = new AtomicLong();
    private long total;
    private long startedNanos;
    private volatile long nextProgressNanos;
    private final AtomicBoolean reported = new AtomicBoolean();
    private final AtomicBoolean stopping = new AtomicBoolean();

    public void setBootstrapServers(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    public void setTopics(String topics) {
        this.topics = topics;
    }

    public void setFrom(String from) {
        this.from = from;
    }

    public void setTo(String to) {
        this.to = to;
    }

    /** Milliseconds between two progress lines; 0 for none. */
    public void setProgressInterval(long progressInterval) {
        this.progressInterval = progressInterval;
    }

    // --- the route's policy -------------------------------------------------------------------

    @Override
    public void onStart(Route route) {
        window();
        if (total == 0) {
            LOG.info("nothing to read in [{}, {}): stopping route {}", from, to, route.getRouteId());
            stopRouteAsync(route);
        }
    }

    /**
     * Every record, however its routing ended (a record the sink dead-lettered ends there): once
     * the window is read, the route stops (asynchronously: a route cannot wait for its own
     * in-flight exchange to finish).
     */
    @Override
    public void onExchangeDone(Route route, Exchange exchange) {
        if (isRead() && stopping.compareAndSet(false, true)) {
            stopRouteAsync(route);
        }
    }

    // --- the Kafka consumer's offset repository ----------------------------------------------

    /** Where a partition resumes: the last offset read (the consumer seeks to the next one). */
    @Override
    public String getState(String key) {
        String state = consumed.get(key);
        if (state != null) {
            return state;
        }
        Range range = window().get(partitionOf(key));
        return range == null ? null : Long.toString(range.start() - 1);
    }

    /** The consumer records each partition's last processed offset here. */
    @Override
    public void setState(String key, String value) {
        consumed.put(key, value);
    }

    // --- the Kamelet's filter and stop condition ---------------------------------------------

    /** Whether the record is inside the window; counts it as read when it is. */
    public boolean contains(Exchange exchange) {
        Message in = exchange.getMessage();
        TopicPartition tp = new TopicPartition(
                in.getHeader(KafkaConstants.TOPIC, String.class),
                in.getHeader(KafkaConstants.PARTITION, Integer.class));
        long offset = in.getHeader(KafkaConstants.OFFSET, Long.class);
        Range range = window().get(tp);
        if (range == null || offset < range.start() || offset >= range.end()) {
            return false;
        }
        lastRead.merge(tp, offset, Math::max);
        long n = read.incrementAndGet();
        if (progressInterval > 0 && System.nanoTime() >= nextProgressNanos && n < total) {
            nextProgressNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(progressInterval);
            LOG.info("read {} of {} records ({}%), {} records/s", n, total, n * 100 / total, rate(n));
        }
        return true;
    }

    /** Whether every partition has been read to the window's end (every record of it passed on). */
    public boolean isRead() {
        for (Map.Entry<TopicPartition, Range> e : window().entrySet()) {
            Range range = e.getValue();
            if (range.size() > 0 && lastRead.getOrDefault(e.getKey(), -1L) < range.end() - 1) {
                return false;
            }
        }
        if (reported.compareAndSet(false, true)) {
            long n = read.get();
            LOG.info(
                    "read {} of {} records in {} s, {} records/s: the window is read",
                    n,
                    total,
                    String.format("%.1f", seconds()),
                    rate(n));
        }
        return true;
    }

    public long total() {
        window();
        return total;
    }

    /** How many records of the window have been read (not named read(): Camel takes isRead() for a getter of it). */
    public long recordsRead() {
        return read.get();
    }

    /** The window, captured on first use (the route's start). */
    public Map<TopicPartition, Range> window() {
        Map<TopicPartition, Range> current = ranges;
        if (current == null) {
            synchronized (this) {
                if (ranges == null) {
                    ranges = capture();
                }
                current = ranges;
            }
        }
        return current;
    }

    private Map<TopicPartition, Range> capture() {
        ReplayBound start = ReplayBound.start("from", from);
        ReplayBound end = ReplayBound.end("to", to);
        Instant now = Instant.now();
        ReplayBound.checkOrder(start, end, now);
        List<String> names = Arrays.stream(topics.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
        if (names.isEmpty()) {
            throw new IllegalArgumentException("no topic to replay");
        }
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "replay-window");
        try (Admin admin = Admin.create(props)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (TopicDescription topic : admin.describeTopics(names)
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .values()) {
                topic.partitions().forEach(p -> partitions.add(new TopicPartition(topic.name(), p.partition())));
            }
            Map<TopicPartition, Long> earliest = offsets(admin, partitions, tp -> OffsetSpec.earliest());
            Map<TopicPartition, Long> latest = offsets(admin, partitions, tp -> OffsetSpec.latest());
            Map<TopicPartition, Long> first = resolve(admin, partitions, start, now, earliest, latest);
            Map<TopicPartition, Long> last = resolve(admin, partitions, end, now, earliest, latest);
            Map<TopicPartition, Range> window = new LinkedHashMap<>();
            partitions.sort((a, b) -> a.topic().equals(b.topic())
                    ? Integer.compare(a.partition(), b.partition())
                    : a.topic().compareTo(b.topic()));
            for (TopicPartition tp : partitions) {
                long s = first.get(tp);
                window.put(tp, new Range(s, Math.max(s, last.get(tp))));
            }
            total = window.values().stream().mapToLong(Range::size).sum();
            startedNanos = System.nanoTime();
            LOG.info(
                    "window [{}, {}) of {}: {} records in {} partitions",
                    start,
                    end,
                    String.join(",", names),
                    total,
                    window.size());
            return Map.copyOf(window);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof UnknownTopicOrPartitionException) {
                throw new IllegalArgumentException(
                        "a topic of '" + topics + "' does not exist on " + bootstrapServers, cause);
            }
            throw new IllegalStateException(
                    "cannot read the window of " + topics + " from " + bootstrapServers + ": " + cause.getMessage(),
                    cause);
        }
    }

    /** A bound as an offset in every partition, within what the partition holds. */
    private static Map<TopicPartition, Long> resolve(
            Admin admin,
            List<TopicPartition> partitions,
            ReplayBound bound,
            Instant now,
            Map<TopicPartition, Long> earliest,
            Map<TopicPartition, Long> latest)
            throws Exception {
        return switch (bound.kind()) {
            case BEGINNING -> earliest;
            case NOW -> latest;
            case OFFSET -> {
                Map<TopicPartition, Long> out = new HashMap<>();
                partitions.forEach(tp ->
                        out.put(tp, Math.min(Math.max(bound.offset(), earliest.get(tp)), latest.get(tp))));
                yield out;
            }
            case TIME, AGO -> {
                long millis = bound.instant(now).toEpochMilli();
                Map<TopicPartition, Long> found = offsets(admin, partitions, tp -> OffsetSpec.forTimestamp(millis));
                Map<TopicPartition, Long> out = new HashMap<>();
                // No record at or after that time: the partition's end (as captured now).
                partitions.forEach(tp ->
                        out.put(tp, found.get(tp) < 0 ? latest.get(tp) : Math.min(found.get(tp), latest.get(tp))));
                yield out;
            }
        };
    }

    private static Map<TopicPartition, Long> offsets(
            Admin admin, List<TopicPartition> partitions, java.util.function.Function<TopicPartition, OffsetSpec> spec)
            throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, spec.apply(tp)));
        Map<TopicPartition, ListOffsetsResultInfo> result =
                admin.listOffsets(request).all().get(30, TimeUnit.SECONDS);
        Map<TopicPartition, Long> out = new HashMap<>();
        result.forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
    }

    private static TopicPartition partitionOf(String key) {
        int slash = key.lastIndexOf('/');
        return new TopicPartition(key.substring(0, slash), Integer.parseInt(key.substring(slash + 1)));
    }

    private double seconds() {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    private long rate(long n) {
        double s = seconds();
        return s <= 0 ? n : Math.round(n / s);
    }
}
