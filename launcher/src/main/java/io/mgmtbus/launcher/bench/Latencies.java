package io.mgmtbus.launcher.bench;

import java.util.Arrays;

/** Round-trip samples of one measurement, summarized as the benchmark prints them. */
final class Latencies {

    private final long[] nanos;
    private int count;
    private final long wallNanos;

    Latencies(int capacity, long wallNanos) {
        this.nanos = new long[capacity];
        this.wallNanos = wallNanos;
    }

    private Latencies(long[] nanos, int count, long wallNanos) {
        this.nanos = nanos;
        this.count = count;
        this.wallNanos = wallNanos;
    }

    void add(long sample) {
        nanos[count++] = sample;
    }

    Latencies finishedAfter(long wallNanos) {
        return new Latencies(nanos, count, wallNanos);
    }

    double percentileMillis(double p) {
        long[] sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * count) - 1;
        return sorted[Math.max(0, Math.min(count - 1, index))] / 1e6;
    }

    double meanMillis() {
        return Arrays.stream(nanos, 0, count).average().orElse(0) / 1e6;
    }

    double perSecond() {
        return count / (wallNanos / 1e9);
    }

    String row(String name) {
        return String.format(
                "%-34s %7d %9.2f %9.2f %9.2f %9.2f %10.1f",
                name,
                count,
                meanMillis(),
                percentileMillis(50),
                percentileMillis(99),
                percentileMillis(100),
                perSecond());
    }

    static String header() {
        return String.format(
                "%-34s %7s %9s %9s %9s %9s %10s",
                "measurement", "samples", "mean ms", "p50 ms", "p99 ms", "max ms", "per sec");
    }
}
