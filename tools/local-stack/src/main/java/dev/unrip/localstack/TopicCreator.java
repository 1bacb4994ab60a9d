package dev.unrip.localstack;

import dev.unrip.contracts.TopicCatalogue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/** Creates the catalogue's topics that do not exist yet; existing topics are left as they are. */
public final class TopicCreator {

    private TopicCreator() {}

    /** @return the names of the topics it created (empty when all existed). */
    public static List<String> createMissing(String bootstrapServers, TopicCatalogue catalogue) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (TopicCatalogue.Topic topic : catalogue.topics()) {
                if (!existing.contains(topic.name())) {
                    missing.add(new NewTopic(topic.name(), topic.partitions(), (short) topic.replicationFactor())
                            .configs(Map.of(
                                    "retention.ms", Long.toString(topic.retentionMs()),
                                    "cleanup.policy", topic.cleanupPolicy())));
                }
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
            }
            return missing.stream().map(NewTopic::name).toList();
        } catch (Exception e) {
            throw new IllegalStateException(
                    "creating the catalogue's topics on " + bootstrapServers + " failed: " + e.getMessage(), e);
        }
    }
}
