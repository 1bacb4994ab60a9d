package dev.unrip.routes.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Reads topics from a mark to their current end, with plain Kafka clients (no consumer group). */
public final class Topics {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String bootstrap;

    public Topics(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    /** The current end offset of every partition: what "new since now" is measured from. */
    public Map<TopicPartition, Long> mark(String topic) {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            return consumer.endOffsets(partitions(consumer, topic));
        }
    }

    /** Every record from the mark (or the beginning when mark is empty) to the current end. */
    public List<ConsumerRecord<String, byte[]>> since(String topic, Map<TopicPartition, Long> mark) {
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Map<TopicPartition, Long> remaining = new HashMap<>();
            for (TopicPartition tp : partitions) {
                long from = mark.getOrDefault(tp, 0L);
                consumer.seek(tp, from);
                if (end.get(tp) > from) {
                    remaining.put(tp, end.get(tp));
                }
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!remaining.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    if (r.offset() < end.get(tp)) {
                        out.add(r);
                    }
                    if (r.offset() + 1 >= end.get(tp)) {
                        remaining.remove(tp);
                    }
                }
            }
        }
        return out;
    }

    /** @return where the broker wrote it */
    public RecordMetadata send(String topic, String key, byte[] value, Map<String, byte[]> headers) throws Exception {
        return sendAll(topic, key, List.of(value), headers).get(0);
    }

    /** The values as records with one key and the same headers, sent together and then awaited; where each went. */
    public List<RecordMetadata> sendAll(String topic, String key, List<byte[]> values, Map<String, byte[]> headers)
            throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (byte[] value : values) {
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
                headers.forEach((k, v) -> record.headers().add(k, v));
                sent.add(producer.send(record));
            }
            List<RecordMetadata> written = new ArrayList<>();
            for (Future<RecordMetadata> f : sent) {
                written.add(f.get());
            }
            return written;
        }
    }

    /** The records' values as JSON; a value that is not JSON fails the test with its text. */
    public static List<JsonNode> values(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream()
                .map(r -> {
                    try {
                        return JSON.readTree(r.value());
                    } catch (IOException e) {
                        throw new AssertionError("not JSON: " + new String(r.value(), StandardCharsets.UTF_8), e);
                    }
                })
                .toList();
    }

    /** A header's value as UTF-8 text, or null when the record has none. */
    public static String header(ConsumerRecord<?, byte[]> r, String name) {
        return r.headers().lastHeader(name) == null
                ? null
                : new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private KafkaConsumer<String, byte[]> consumer() {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
        List<TopicPartition> out = new ArrayList<>();
        for (PartitionInfo info : consumer.partitionsFor(topic)) {
            out.add(new TopicPartition(topic, info.partition()));
        }
        return out;
    }
}
