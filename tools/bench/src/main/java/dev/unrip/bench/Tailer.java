package dev.unrip.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Follows topics from their current end (no consumer group, nothing committed) and keeps, per
 * record, what the latency figures need: the record timestamp (the producer's send time), the
 * envelope headers (ce_id, unrip_causation_id, unrip_observed_at) and, for results, the status.
 * Values are parsed only for trade results, and only as far as the status.
 */
final class Tailer implements AutoCloseable {

    record Seen(
            String topic,
            long ts,
            long arrived,
            String id,
            String causation,
            long observed,
            String status,
            boolean republished,
            int size) {}

    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private final Map<String, List<Seen>> seen = new HashMap<>();
    private final Map<String, List<byte[]>> kept = new HashMap<>();
    private final int keepValues;
    private volatile boolean running = true;

    Tailer(String bootstrap, List<String> topics, int keepValues) throws InterruptedException {
        this.keepValues = keepValues;
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            seen.put(topic, new ArrayList<>());
            kept.put(topic, new ArrayList<>());
            for (PartitionInfo p : partitionsOf(topic)) {
                partitions.add(new TopicPartition(topic, p.partition()));
            }
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve "the end" now, not at the first poll
        thread = new Thread(this::run, "tailer");
        thread.setDaemon(true);
        thread.start();
    }

    /** The topic's partitions; a topic created a moment ago may not be in the metadata yet. */
    private List<PartitionInfo> partitionsOf(String topic) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        List<PartitionInfo> partitions = consumer.partitionsFor(topic);
        while ((partitions == null || partitions.isEmpty()) && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
            partitions = consumer.partitionsFor(topic);
        }
        if (partitions == null || partitions.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " has no partitions after 30 s");
        }
        return partitions;
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                    long arrived = System.currentTimeMillis();
                    String status = null;
                    boolean republished = false;
                    if (r.topic().contains("trade_result") || r.topic().endsWith(".exec")) {
                        String v = new String(r.value(), StandardCharsets.UTF_8);
                        status = between(v, "\"status\":\"", "\"");
                        republished = v.contains("\"republished\":true");
                    }
                    Seen s = new Seen(
                            r.topic(),
                            r.timestamp(),
                            arrived,
                            header(r, "ce_id"),
                            header(r, "unrip_causation_id"),
                            millis(header(r, "unrip_observed_at")),
                            status,
                            republished,
                            r.serializedValueSize());
                    synchronized (this) {
                        seen.get(r.topic()).add(s);
                        List<byte[]> k = kept.get(r.topic());
                        if (k.size() < keepValues) {
                            k.add(r.value());
                        }
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    synchronized List<Seen> records(String topic) {
        return new ArrayList<>(seen.get(topic));
    }

    synchronized int count(String topic) {
        return seen.get(topic).size();
    }

    synchronized List<byte[]> values(String topic) {
        return new ArrayList<>(kept.get(topic));
    }

    synchronized void clear() {
        seen.values().forEach(List::clear);
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String header(ConsumerRecord<?, ?> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static long millis(String time) {
        return time == null ? -1 : Instant.parse(time).toEpochMilli();
    }

    static String between(String text, String before, String after) {
        int i = text.indexOf(before);
        if (i < 0) {
            return null;
        }
        int start = i + before.length();
        int end = text.indexOf(after, start);
        return end < 0 ? null : text.substring(start, end);
    }
}
