package dev.unrip.tradingcontrol;

import dev.unrip.contracts.TradingStateRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The control topic through plain Kafka clients: its latest record per scope, and one record written. */
final class StateTopic {

    /** A broker that cannot be reached, or a topic that is not there: one line for the operator. */
    static final class Unreachable extends RuntimeException {
        Unreachable(String message) {
            super(message);
        }
    }

    /** Every scope's latest record, and the records that could not be read (scope → why), each by scope. */
    record Latest(Map<String, TradingStateRecord> records, Map<String, String> unreadable) {}

    private final Settings settings;

    StateTopic(Settings settings) {
        this.settings = settings;
    }

    /** Fails in one line when nothing answers at the address or the topic is missing. */
    void requireReachable() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrap());
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, settings.timeoutMs());
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, settings.timeoutMs());
        try (Admin admin = Admin.create(p)) {
            try {
                admin.describeCluster().nodes().get(settings.timeoutMs(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                throw new Unreachable("no Kafka broker answers at " + settings.bootstrap()
                        + " (is `make run` up? KAFKA_BOOTSTRAP_SERVERS points elsewhere)");
            }
            boolean exists;
            try {
                exists = admin.listTopics()
                        .names()
                        .get(settings.timeoutMs(), TimeUnit.MILLISECONDS)
                        .contains(TradingStateRecord.TOPIC);
            } catch (Exception e) {
                throw new Unreachable("cannot list the topics of " + settings.bootstrap() + ": " + e.getMessage());
            }
            if (!exists) {
                throw new Unreachable("topic " + TradingStateRecord.TOPIC + " is not on the broker at "
                        + settings.bootstrap() + " (the local stack and the deploy's topic Job create it from"
                        + " schemas/topics.yaml)");
            }
        }
    }

    /** Writes the record under its scope and returns where the broker put it. */
    RecordMetadata write(TradingStateRecord record, String source) {
        var event = record.event(source);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrap());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, settings.timeoutMs());
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, settings.timeoutMs());
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, settings.timeoutMs() + 1000);
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> r =
                    new ProducerRecord<>(TradingStateRecord.TOPIC, record.scope(), TradingStateRecord.bytes(event));
            TradingStateRecord.headers(event).forEach((k, v) -> r.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
            return producer.send(r).get(settings.timeoutMs() + 2000L, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new Unreachable("writing to " + TradingStateRecord.TOPIC + " at " + settings.bootstrap() + " failed ("
                    + e.getMessage() + "); `make trading-state` shows whether it was written");
        }
    }

    /** The topic read from the beginning to its end now. */
    Latest read() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrap());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, settings.timeoutMs());
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, settings.timeoutMs());
        Map<String, byte[]> latest = new HashMap<>();
        try (KafkaConsumer<String, byte[]> c =
                new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = c.partitionsFor(TradingStateRecord.TOPIC).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition()))
                    .toList();
            Map<TopicPartition, Long> end = c.endOffsets(partitions);
            c.assign(partitions);
            c.seekToBeginning(partitions);
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.timeoutMs() * 3L);
            while (!reached(c, end)) {
                if (System.nanoTime() > deadline) {
                    throw new Unreachable("reading " + TradingStateRecord.TOPIC + " made no progress");
                }
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (r.key() != null && r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                        latest.put(r.key(), r.value());
                    }
                }
            }
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new Unreachable("reading " + TradingStateRecord.TOPIC + " failed: " + e.getMessage());
        }
        Map<String, TradingStateRecord> records = new TreeMap<>();
        Map<String, String> unreadable = new LinkedHashMap<>();
        latest.forEach((key, value) -> {
            if (value == null) {
                return; // removed by a tombstone
            }
            try {
                records.put(key, TradingStateRecord.parse(key, value));
            } catch (IllegalArgumentException e) {
                unreadable.put(key, e.getMessage());
            }
        });
        return new Latest(records, unreadable);
    }

    private static boolean reached(KafkaConsumer<String, byte[]> c, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (c.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
