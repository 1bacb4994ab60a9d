package dev.unrip.bench;

import java.util.Arrays;
import java.util.Collection;

/**
 * Latency summary of a set of samples (milliseconds), nearest-rank percentiles: the p-th
 * percentile is the smallest sample with at least p % of the samples at or below it. Pure.
 */
public record Percentiles(int count, double p50, double p99, double p999, double max, double mean) {

    public static final Percentiles EMPTY =
            new Percentiles(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    public static Percentiles of(Collection<? extends Number> samples) {
        double[] values = new double[samples.size()];
        int i = 0;
        for (Number n : samples) {
            values[i++] = n.doubleValue();
        }
        return of(values);
    }

    public static Percentiles of(double[] samples) {
        if (samples.length == 0) {
            return EMPTY;
        }
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        double sum = 0;
        for (double v : sorted) {
            sum += v;
        }
        return new Percentiles(
                sorted.length,
                rank(sorted, 50),
                rank(sorted, 99),
                rank(sorted, 99.9),
                sorted[sorted.length - 1],
                sum / sorted.length);
    }

    /** Nearest rank: index ceil(p/100 * n) - 1, clamped to the samples. */
    static double rank(double[] sorted, double p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length - 1e-9) - 1; // 99.9 % of 1000 is 999, not 999.0000000001
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /** p99.9 means something only with at least 1,000 samples; below that it is the maximum. */
    public boolean p999Meaningful() {
        return count >= 1000;
    }

    public String brief() {
        if (count == 0) {
            return "no samples";
        }
        return String.format(
                "p50 %s  p99 %s  p99.9 %s  max %s ms (n=%d)",
                fmt(p50), fmt(p99), fmt(p999) + (p999Meaningful() ? "" : "*"), fmt(max), count);
    }

    public static String fmt(double ms) {
        if (Double.isNaN(ms)) {
            return "-";
        }
        return ms >= 100 ? String.format("%.0f", ms) : String.format("%.1f", ms);
    }
}
