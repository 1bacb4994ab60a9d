package dev.unrip.dlq;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The plain Kafka clients the three commands use, and reading a topic between two marks. */
final class Kafka {

    /** A broker that cannot be reached, or a read that stopped making progress: one line for the operator. */
    static final class Unreachable extends RuntimeException {
        Unreachable(String message) {
            super(message);
        }
    }

    private static final Duration STALL = Duration.ofSeconds(30);

    private Kafka() {}

    static Admin admin(String bootstrap) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
        return Admin.create(p);
    }

    /** Fails in one line when nothing answers at the address. */
    static void requireReachable(Admin admin, String bootstrap) {
        try {
            admin.describeCluster().nodes().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new Unreachable("no Kafka broker answers at " + bootstrap
                    + " (is `make run` up? KAFKA_BOOTSTRAP_SERVERS points elsewhere)");
        }
    }

    static Set<String> topics(Admin admin) {
        try {
            return admin.listTopics().names().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new Unreachable("cannot list the broker's topics: " + e.getMessage());
        }
    }

    /** A consumer of no group: reads by assignment, commits nothing. */
    static KafkaConsumer<byte[], byte[]> reader(String bootstrap) {
        Properties p = common(bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * A member of the consumer group: visible to a second run (the lock), committing by hand, sticky
     * and cooperative so that a second member joining does not take the partitions away mid-run.
     */
    static KafkaConsumer<byte[], byte[]> member(String bootstrap, String group, int maxPollRecords) {
        Properties p = common(bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(
                CommonClientConfigs.CLIENT_ID_CONFIG,
                group + "-" + ProcessHandle.current().pid());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Idempotent, acks from every replica: a record sent back is on the broker once the send is acknowledged. */
    static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10000);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10000);
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** The topic's partitions with their first and end offsets now: the window a run reads. */
    record Window(Map<TopicPartition, Long> begin, Map<TopicPartition, Long> end) {
        long records() {
            return end.entrySet().stream()
                    .mapToLong(e -> e.getValue() - begin.get(e.getKey()))
                    .sum();
        }

        String describe() {
            StringBuilder s = new StringBuilder();
            end.keySet().stream()
                    .sorted((a, b) -> Integer.compare(a.partition(), b.partition()))
                    .forEach(tp -> s.append(s.isEmpty() ? "" : ", ")
                            .append("partition ")
                            .append(tp.partition())
                            .append(' ')
                            .append(
                                    begin.get(tp).equals(end.get(tp))
                                            ? "empty"
                                            : "offsets " + begin.get(tp) + ".." + (end.get(tp) - 1)));
            return s.toString();
        }
    }

    static Window window(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
        if (infos == null || infos.isEmpty()) {
            throw new Unreachable("topic " + topic + " is not on the broker");
        }
        List<TopicPartition> partitions = infos.stream()
                .map(i -> new TopicPartition(topic, i.partition()))
                .toList();
        return new Window(
                consumer.beginningOffsets(partitions, Duration.ofSeconds(10)),
                consumer.endOffsets(partitions, Duration.ofSeconds(10)));
    }

    /** The group's committed offsets on the topic (with their metadata), through the admin client; none when it has none. */
    static Map<TopicPartition, OffsetAndMetadata> committed(Admin admin, String group, String topic) {
        try {
            Map<TopicPartition, OffsetAndMetadata> all = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
            all.forEach((tp, om) -> {
                if (tp.topic().equals(topic) && om != null) {
                    out.put(tp, om);
                }
            });
            return out;
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return Map.of();
            }
            throw new Unreachable("cannot read the offsets of consumer group " + group + ": " + e.getMessage());
        } catch (Exception e) {
            throw new Unreachable("cannot read the offsets of consumer group " + group + ": " + e.getMessage());
        }
    }

    /**
     * Every record from {@code from} up to (not including) the window's end, by assignment, in offset
     * order per partition; gaps (transaction markers, compaction) are passed over.
     */
    static void read(
            KafkaConsumer<byte[], byte[]> consumer,
            Map<TopicPartition, Long> from,
            Window window,
            Consumer<ConsumerRecord<byte[], byte[]>> each) {
        Set<TopicPartition> open = new HashSet<>();
        from.forEach((tp, offset) -> {
            if (offset < window.end().get(tp)) {
                open.add(tp);
            }
        });
        if (open.isEmpty()) {
            return;
        }
        consumer.assign(open);
        open.forEach(tp -> consumer.seek(tp, from.get(tp)));
        long lastProgress = System.nanoTime();
        while (!open.isEmpty()) {
            boolean moved = false;
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                if (open.contains(tp) && r.offset() < window.end().get(tp)) {
                    each.accept(r);
                    moved = true;
                }
            }
            for (TopicPartition tp : Set.copyOf(open)) {
                if (consumer.position(tp) >= window.end().get(tp)) {
                    open.remove(tp);
                    consumer.pause(Set.of(tp));
                    moved = true;
                }
            }
            if (moved) {
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > STALL.toNanos()) {
                throw new Unreachable("reading " + open + " made no progress for " + STALL.toSeconds() + " s");
            }
        }
    }

    private static Properties common(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10000);
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15000);
        return p;
    }
}
