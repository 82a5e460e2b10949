package io.mgmtbus.harness.faults;

import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * When each request of a run was issued and when its first outcome was seen (wall-clock millis),
 * so a run can say how long outcomes stopped after its fault and how slow dispatches were
 * while the bus recovered.
 */
final class Timeline {

    private final Map<String, Long> issued = new ConcurrentHashMap<>();
    private final Map<String, Long> answered = new ConcurrentHashMap<>();

    void issued(String reqid, long atMillis) {
        issued.put(reqid, atMillis);
    }

    /** Records the first sighting only; returns whether this was it. */
    boolean outcomeSeen(String reqid, long atMillis) {
        return answered.putIfAbsent(reqid, atMillis) == null;
    }

    int issuedCount() {
        return issued.size();
    }

    int outstanding() {
        return (int)
                issued.keySet().stream().filter(r -> !answered.containsKey(r)).count();
    }

    /**
     * The stall a fault caused: the longest time without any outcome, from the fault to
     * {@code until}, counting from the fault itself (outcomes already on their way when it hit
     * can arrive just after it and hide the outage behind them). Empty when no outcome came.
     */
    OptionalLong stallAfter(long faultAt, long until) {
        long[] seen = answered.values().stream()
                .mapToLong(Long::longValue)
                .filter(at -> at >= faultAt && at <= until)
                .sorted()
                .toArray();
        if (seen.length == 0) {
            return OptionalLong.empty();
        }
        long longest = seen[0] - faultAt;
        for (int i = 1; i < seen.length; i++) {
            longest = Math.max(longest, seen[i] - seen[i - 1]);
        }
        return OptionalLong.of(longest);
    }

    /** When the last outcome was seen, or 0. */
    long lastOutcomeAt() {
        return answered.values().stream().mapToLong(Long::longValue).max().orElse(0);
    }

    /** p99 of issue-to-outcome millis of the requests whose outcome was seen in [from, until]. */
    double p99AnsweredBetween(long from, long until) {
        Histogram latencies = new Histogram(TimeUnit.MINUTES.toMillis(10), 3);
        answered.forEach((reqid, seen) -> {
            Long at = issued.get(reqid);
            if (at != null && seen >= from && seen <= until) {
                latencies.recordValue(Math.max(0, Math.min(latencies.getHighestTrackableValue(), seen - at)));
            }
        });
        return latencies.getTotalCount() == 0 ? Double.NaN : latencies.getValueAtPercentile(99);
    }
}
