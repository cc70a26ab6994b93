package dev.promptcards.loadtests.server;

import java.util.Arrays;

/**
 * Latencies in nanoseconds, recorded by the generator's event loops (synchronized: two or three
 * threads, each record a few nanoseconds), summarized as percentiles at the end.
 */
final class Latencies {

    /** The percentiles of a set of latencies, in milliseconds (NaN when there were none). */
    record Summary(long count, double p50, double p95, double p99, double p999, double max) {
        static final Summary NONE = new Summary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }

    private long[] values = new long[1 << 14];
    private int count;

    synchronized void record(long nanos) {
        if (count == values.length) {
            values = Arrays.copyOf(values, values.length * 2);
        }
        values[count++] = nanos;
    }

    synchronized long count() {
        return count;
    }

    synchronized Summary summary() {
        if (count == 0) {
            return Summary.NONE;
        }
        long[] sorted = Arrays.copyOf(values, count);
        Arrays.sort(sorted);
        return new Summary(count, millis(percentile(sorted, 50)), millis(percentile(sorted, 95)),
                millis(percentile(sorted, 99)), millis(percentile(sorted, 99.9)), millis(sorted[count - 1]));
    }

    /** Nearest rank: the smallest value with at least p% of the values at or below it. */
    static long percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }
}
