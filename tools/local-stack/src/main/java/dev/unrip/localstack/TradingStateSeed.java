package dev.unrip.localstack;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unrip.contracts.TradingStateRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The local stack's first trading state: without a global record every reactor and executor stays
 * HALTED (fail closed), so a fresh stack writes {@code global ACTIVE} (set_by local-stack, reason
 * "local stack start"). A global record that is already there, an operator's halt among them, is
 * kept as it is: a restart never resumes trading by itself.
 */
public final class TradingStateSeed {

    public static final String SET_BY = "local-stack";
    public static final String REASON = "local stack start";

    private TradingStateSeed() {}

    /** @return the global record in force after the call: the one found, or the one written */
    public static TradingStateRecord seedIfAbsent(String bootstrap) {
        Optional<TradingStateRecord> found = latestGlobal(bootstrap);
        if (found.isPresent()) {
            return found.get();
        }
        TradingStateRecord active =
                TradingStateRecord.now(TradingStateRecord.GLOBAL, TradingStateRecord.State.ACTIVE, REASON, SET_BY);
        ObjectNode event = active.event("unrip/local-stack");
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30000);
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(
                    TradingStateRecord.TOPIC, TradingStateRecord.GLOBAL, TradingStateRecord.bytes(event));
            TradingStateRecord.headers(event)
                    .forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
            producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(
                    "writing the first trading state to " + TradingStateRecord.TOPIC + " failed: " + e.getMessage(), e);
        }
        return active;
    }

    /** The latest global record on the topic, read from the beginning to its current end. */
    static Optional<TradingStateRecord> latestGlobal(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(TradingStateRecord.TOPIC, Duration.ofSeconds(30)).stream()
                            .map(i -> new TopicPartition(i.topic(), i.partition()))
                            .toList();
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions, Duration.ofSeconds(30)));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            byte[] global = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!reached(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("reading " + TradingStateRecord.TOPIC + " took over 30 s");
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (TradingStateRecord.GLOBAL.equals(r.key())
                            && r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                        global = r.value();
                    }
                }
            }
            if (global == null) {
                return Optional.empty();
            }
            try {
                return Optional.of(TradingStateRecord.parse(TradingStateRecord.GLOBAL, global));
            } catch (IllegalArgumentException e) {
                // Kept, not overwritten: the processes halt on it (fail closed) and say why.
                return Optional.of(new TradingStateRecord(
                        TradingStateRecord.GLOBAL,
                        TradingStateRecord.State.HALTED,
                        "the latest global record cannot be read: " + e.getMessage(),
                        SET_BY,
                        dev.unrip.contracts.EventTime.now()));
            }
        }
    }

    private static boolean reached(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
