package dev.unrip.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The harness's own Kafka clients: its topics, the producers of its backlogs and of the plain chain's load. */
final class Kafka {

    private Kafka() {}

    static void createTopics(String bootstrap, int partitions, String... names) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = Stream.of(names)
                    .filter(n -> !existing.contains(n))
                    .map(n -> new NewTopic(n, partitions, (short) 1))
                    .toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
            }
        }
    }

    /** For backlogs: acks=all, batched (linger 10 ms, 256 KiB batches). */
    static KafkaProducer<String, byte[]> bulkProducer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /** The ingest's producer settings (the routes' Kafka defaults). */
    static KafkaProducer<String, byte[]> ingestProducer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /** The records, produced in bulk. */
    static void produce(String bootstrap, String topic, List<PlainHops.Out> records) {
        try (KafkaProducer<String, byte[]> producer = bulkProducer(bootstrap)) {
            for (PlainHops.Out r : records) {
                producer.send(record(topic, r));
            }
        }
    }

    /** Raw records of the frames from..from+n-1, produced in bulk. */
    static void produceRaw(String bootstrap, String topic, Frames frames, int from, int n) {
        try (KafkaProducer<String, byte[]> producer = bulkProducer(bootstrap)) {
            for (int i = from; i < from + n; i++) {
                producer.send(Frames.rawRecord(topic, frames.frame(i), Instant.now()));
            }
        }
    }

    static ProducerRecord<String, byte[]> record(String topic, PlainHops.Out o) {
        ProducerRecord<String, byte[]> r = new ProducerRecord<>(topic, o.key(), o.value());
        o.headers().forEach((k, v) -> r.headers().add(k, String.valueOf(v).getBytes(StandardCharsets.UTF_8)));
        return r;
    }
}
