package dev.unrip.routes.common;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/** Where a {@link CompactedTopicView} starts reading, and when it has caught up. */
final class ViewStart {

    private static final Logger LOG = Logger.getLogger(CompactedTopicView.class);

    private ViewStart() {}

    /**
     * Every partition of the topic assigned, each sought to its beginning ({@code from} null) or to
     * its first offset at or after {@code from} (its end when it has none); returns their end
     * offsets now, the mark of caught up.
     */
    static Map<TopicPartition, Long> assign(KafkaConsumer<?, ?> c, String topic, Instant from) {
        List<PartitionInfo> infos = c.partitionsFor(topic);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " has no partitions on the broker (not created?)");
        }
        List<TopicPartition> partitions = infos.stream()
                .map(i -> new TopicPartition(topic, i.partition()))
                .toList();
        Map<TopicPartition, Long> end = new HashMap<>(c.endOffsets(partitions));
        c.assign(partitions);
        if (from == null) {
            c.seekToBeginning(partitions);
        } else {
            Map<TopicPartition, Long> at = new HashMap<>();
            partitions.forEach(tp -> at.put(tp, from.toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> found = c.offsetsForTimes(at);
            for (TopicPartition tp : partitions) {
                OffsetAndTimestamp o = found.get(tp);
                c.seek(tp, o == null ? end.get(tp) : o.offset());
            }
        }
        LOG.infof(
                "%s: reading %d partition(s) from %s, up to %s",
                topic, partitions.size(), from == null ? "the beginning" : from, end);
        return end;
    }

    /** Whether every partition's position has reached its mark. */
    static boolean reached(KafkaConsumer<?, ?> c, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (c.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
