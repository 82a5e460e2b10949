package io.mgmtbus.streams;

import io.mgmtbus.contracts.dispatch.DispatchDefaults;
import io.mgmtbus.events.NodeDispatchRequest;
import java.time.Duration;
import java.time.Instant;

/**
 * The streams-app's timing rules.
 *
 * @param defaultTimeout how long a request without a deadline waits for its nodes
 * @param earlyResponseGrace how long responses wait for a request that has not arrived
 * @param closedRetention how long a closed reqid is remembered, so late or replayed records do not reopen it
 * @param sweepInterval how often (wall clock) timeouts and expiries are checked
 */
public record DispatchSettings(
        Duration defaultTimeout, Duration earlyResponseGrace, Duration closedRetention, Duration sweepInterval) {

    public static DispatchSettings defaults() {
        return new DispatchSettings(
                DispatchDefaults.TIMEOUT, Duration.ofSeconds(60), Duration.ofHours(1), Duration.ofMillis(500));
    }

    /** When a request stops waiting for its nodes: its own deadline, or the default timeout from {@code now}. */
    public Instant deadlineOf(NodeDispatchRequest request, Instant now) {
        return request.getDeadline() != null ? request.getDeadline() : now.plus(defaultTimeout);
    }

    public DispatchSettings withDefaultTimeout(Duration timeout) {
        return new DispatchSettings(timeout, earlyResponseGrace, closedRetention, sweepInterval);
    }
}
