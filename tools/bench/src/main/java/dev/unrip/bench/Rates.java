package dev.unrip.bench;

import java.util.List;

/** Rates and sizes over the records a {@link Tailer} saw. Pure. */
final class Rates {

    private Rates() {}

    /** Records per second over the last 80 % of the records by time (the first 20 % include a cold start). */
    static double steady(List<Tailer.Seen> records) {
        if (records.size() < 10) {
            return overall(records);
        }
        long[] ts = records.stream().mapToLong(Tailer.Seen::ts).sorted().toArray();
        int from = ts.length / 5;
        long span = ts[ts.length - 1] - ts[from];
        return span <= 0 ? Double.NaN : (ts.length - 1 - from) * 1000.0 / span;
    }

    /** Records per second from the first record to the last. */
    static double overall(List<Tailer.Seen> records) {
        if (records.size() < 2) {
            return Double.NaN;
        }
        long min = records.stream().mapToLong(Tailer.Seen::ts).min().orElse(0);
        long max = records.stream().mapToLong(Tailer.Seen::ts).max().orElse(0);
        return max == min ? Double.NaN : (records.size() - 1) * 1000.0 / (max - min);
    }

    /** The records from..to (clamped to what is there). */
    static List<Tailer.Seen> part(List<Tailer.Seen> records, int from, int to) {
        return records.subList(Math.min(records.size(), from), Math.min(records.size(), to));
    }

    /** The mean size in bytes of the values. */
    static double meanSize(List<byte[]> values) {
        return values.stream().mapToInt(v -> v.length).average().orElse(Double.NaN);
    }
}
