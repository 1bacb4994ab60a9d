package dev.unrip.routes.common;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.DefaultKafkaManualCommit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * The two steps of a batching Kafka hop that a route cannot say by itself (see
 * {@code routes/common/.../camel-common/batch.camel.yaml} and the consume routes):
 *
 * <ul>
 *   <li>{@link #records}: the polled records as messages, so the split hands each mapping route
 *       one record with its headers;</li>
 *   <li>{@link #commit}: after the batch's output is acknowledged by the broker, one asynchronous
 *       commit of the next offset of every partition in the batch.</li>
 * </ul>
 *
 * The commit is issued on the consumer's own thread (the output is sent with
 * {@code synchronous=true}, so the route never leaves it) and only after the send: a crash before
 * it means the batch is read again (at least once; every hop downstream is idempotent on its ids),
 * never skipped.
 */
@ApplicationScoped
@Named("kafkaBatch")
@RegisterForReflection
public class KafkaBatch {

    private static final Logger LOG = Logger.getLogger(KafkaBatch.class);

    /** The batch consumer's body (one exchange per record) → the records' messages. */
    public List<Message> records(List<Exchange> batch) {
        List<Message> messages = new ArrayList<>(batch.size());
        for (Exchange record : batch) {
            messages.add(record.getMessage());
        }
        return messages;
    }

    /** Commits, asynchronously and in one request, the offset after the last record of each partition of the batch. */
    public void commit(List<Exchange> batch) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        Consumer<?, ?> consumer = null;
        for (Exchange record : batch) {
            Object header = record.getMessage().getHeader(KafkaConstants.MANUAL_COMMIT);
            if (!(header instanceof DefaultKafkaManualCommit manual)) {
                throw new IllegalStateException(
                        "a batch record without its manual commit: the consumer needs allowManualCommit=true");
            }
            consumer = manual.getConsumer();
            offsets.merge(
                    manual.getPartition(),
                    new OffsetAndMetadata(manual.getRecordOffset() + 1),
                    (a, b) -> a.offset() >= b.offset() ? a : b);
        }
        if (consumer == null) {
            return;
        }
        consumer.commitAsync(offsets, (committed, error) -> {
            if (error != null) {
                // A rebalance took the partitions meanwhile: their new owner reads these records again.
                LOG.warnf(
                        "offset commit %s not taken (%s): the records are read again, downstream is idempotent",
                        committed, error.toString());
            }
        });
    }
}
