package dev.unrip.dlq;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;

/**
 * What {@code make redrive} has handled on one partition of a dead-letter topic: every offset below
 * {@link #next()}, plus ranges above it. Handled means sent back, parked, or not re-drivable (no
 * source topic); a record a REASON filter passed over is not handled, so a later run with another
 * filter still finds it. Committed as the consumer group's offset ({@code next}) with the ranges in
 * its metadata ({@code v1 done=12-15,20}), so that no run sends a record an earlier run sent.
 */
final class Progress {

    /** Kafka keeps at most 4096 characters of metadata per committed offset (offset.metadata.max.bytes). */
    static final int METADATA_LIMIT = 3500;

    private static final String PREFIX = "v1 done=";

    private long next;
    private final TreeMap<Long, Long> done = new TreeMap<>();

    private Progress(long next) {
        this.next = next;
    }

    /** Nothing handled yet: reading starts at the partition's first offset. */
    static Progress from(long beginning) {
        return new Progress(beginning);
    }

    /** The committed progress, or nothing handled when there is none; records lost to retention are skipped. */
    static Progress of(OffsetAndMetadata committed, long beginning) {
        if (committed == null) {
            return from(beginning);
        }
        Progress p = new Progress(committed.offset());
        String meta = committed.metadata() == null ? "" : committed.metadata();
        if (!meta.isEmpty()) {
            if (!meta.startsWith(PREFIX)) {
                throw new IllegalStateException("the committed re-drive progress is not understood ('" + meta
                        + "'); RESET=1 starts over from the first record");
            }
            for (String range : meta.substring(PREFIX.length()).split(",")) {
                if (range.isEmpty()) {
                    continue;
                }
                String[] ends = range.split("-", 2);
                long from = Long.parseLong(ends[0]);
                long to = ends.length == 2 ? Long.parseLong(ends[1]) : from;
                p.done.merge(from, to, Math::max);
            }
        }
        p.next = Math.max(p.next, beginning);
        p.advance();
        return p;
    }

    long next() {
        return next;
    }

    boolean handled(long offset) {
        if (offset < next) {
            return true;
        }
        Map.Entry<Long, Long> range = done.floorEntry(offset);
        return range != null && offset <= range.getValue();
    }

    void markDone(long offset) {
        if (handled(offset)) {
            return;
        }
        long from = offset;
        long to = offset;
        Map.Entry<Long, Long> below = done.floorEntry(offset - 1);
        if (below != null && below.getValue() == offset - 1) {
            from = below.getKey();
            done.remove(below.getKey());
        }
        Long above = done.get(offset + 1);
        if (above != null) {
            to = above;
            done.remove(offset + 1);
        }
        done.put(from, to);
        advance();
    }

    /** The committed form: the offset to read from next, and the handled ranges above it. */
    OffsetAndMetadata committed() {
        return new OffsetAndMetadata(next, metadata());
    }

    String metadata() {
        if (done.isEmpty()) {
            return "";
        }
        List<String> ranges = new ArrayList<>();
        done.forEach((from, to) -> ranges.add(from.equals(to) ? Long.toString(from) : from + "-" + to));
        return PREFIX + String.join(",", ranges);
    }

    private void advance() {
        Map.Entry<Long, Long> first = done.firstEntry();
        while (first != null && first.getKey() <= next) {
            next = Math.max(next, first.getValue() + 1);
            done.remove(first.getKey());
            first = done.firstEntry();
        }
    }
}
