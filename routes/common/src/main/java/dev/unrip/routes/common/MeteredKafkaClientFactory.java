package dev.unrip.routes.common;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.Properties;
import org.apache.camel.component.kafka.DefaultKafkaClientFactory;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;

/**
 * Camel's Kafka clients with their own metrics on /q/metrics: consumer lag per partition
 * ({@code kafka_consumer_fetch_manager_records_lag}), fetch and commit rates, producer send and
 * error rates. Camel's kafka component picks this factory up from the registry by type.
 */
@ApplicationScoped
@Named("kafkaClientFactory")
public class MeteredKafkaClientFactory extends DefaultKafkaClientFactory {

    @Inject
    MeterRegistry registry;

    @Override
    public Producer getProducer(Properties props) {
        Producer producer = super.getProducer(props);
        new KafkaClientMetrics(producer).bindTo(registry);
        return producer;
    }

    @Override
    public Consumer getConsumer(Properties props) {
        Consumer consumer = super.getConsumer(props);
        new KafkaClientMetrics(consumer).bindTo(registry);
        return consumer;
    }
}
