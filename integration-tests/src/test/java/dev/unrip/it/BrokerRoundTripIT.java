package dev.unrip.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unrip.contracts.TopicCatalogue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestStack.class)
class BrokerRoundTripIT {

    private final String bootstrap = TestStack.get().config().kafkaBootstrap();

    @Test
    void brokerHoldsEveryCatalogueTopicWithItsPartitions() throws Exception {
        TopicCatalogue catalogue =
                TopicCatalogue.load(TestStack.get().config().repoRoot().resolve("schemas/topics.yaml"));
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(props)) {
            Set<String> names = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            for (TopicCatalogue.Topic topic : catalogue.topics()) {
                assertTrue(names.contains(topic.name()), "topic missing on the broker: " + topic.name());
                TopicDescription d = admin.describeTopics(List.of(topic.name()))
                        .allTopicNames()
                        .get(10, TimeUnit.SECONDS)
                        .get(topic.name());
                assertEquals(topic.partitions(), d.partitions().size(), "partitions of " + topic.name());
            }
        }
    }

    @Test
    void recordProducedToRawTopicIsConsumedByteForByteWithItsHeaders() {
        String topic = "raw.near_intents.quote";
        String key = UUID.randomUUID().toString();
        byte[] frame = ("{\"jsonrpc\":\"2.0\",\"method\":\"event\",\"params\":{\"data\":{\"quote_id\":\"" + key
                        + "\"}}}")
                .getBytes(StandardCharsets.UTF_8);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, frame);
            record.headers().add("ce_id", key.getBytes(StandardCharsets.UTF_8));
            producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("produce failed: " + e.getMessage(), e);
        }

        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + key);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (found.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    if (key.equals(r.key())) {
                        found.add(r);
                    }
                });
            }
        }
        assertEquals(1, found.size(), "the produced record was not consumed");
        assertEquals(
                new String(frame, StandardCharsets.UTF_8),
                new String(found.get(0).value(), StandardCharsets.UTF_8));
        assertEquals(key, new String(found.get(0).headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8));
    }
}
