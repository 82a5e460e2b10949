package io.mgmtbus.harness.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/** The round trips of one measurement in an HdrHistogram (microsecond resolution), summarized as the bench prints them. */
final class Latencies {

    private final String name;
    private final Histogram micros = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
    private long wallNanos;

    Latencies(String name) {
        this.name = name;
    }

    String name() {
        return name;
    }

    void add(long nanos) {
        micros.recordValue(Math.min(micros.getHighestTrackableValue(), Math.max(1, nanos / 1000)));
    }

    Latencies finishedAfter(long wallNanos) {
        this.wallNanos = wallNanos;
        return this;
    }

    double percentileMillis(double p) {
        return micros.getValueAtPercentile(p) / 1000.0;
    }

    double perSecond() {
        return micros.getTotalCount() / (wallNanos / 1e9);
    }

    long count() {
        return micros.getTotalCount();
    }

    Histogram histogram() {
        return micros;
    }

    String row() {
        return String.format(
                "%-56s %7d %9.2f %9.2f %9.2f %9.2f %10.1f",
                name,
                count(),
                micros.getMean() / 1000.0,
                percentileMillis(50),
                percentileMillis(99),
                micros.getMaxValue() / 1000.0,
                perSecond());
    }

    static String header() {
        return String.format(
                "%-56s %7s %9s %9s %9s %9s %10s",
                "measurement", "samples", "mean ms", "p50 ms", "p99 ms", "max ms", "per sec");
    }

    /** The figures for {@code --json}. */
    Map<String, Object> figures() {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("samples", count());
        figures.put("mean_ms", micros.getMean() / 1000.0);
        figures.put("p50_ms", percentileMillis(50));
        figures.put("p90_ms", percentileMillis(90));
        figures.put("p99_ms", percentileMillis(99));
        figures.put("max_ms", micros.getMaxValue() / 1000.0);
        figures.put("per_second", perSecond());
        return figures;
    }
}
