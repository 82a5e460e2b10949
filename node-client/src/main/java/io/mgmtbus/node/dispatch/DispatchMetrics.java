package io.mgmtbus.node.dispatch;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Counters of what the node did with the requests it read, tagged by outcome. */
public final class DispatchMetrics {

    public static final String REQUESTS = "mgmt.node.requests";

    final Counter answered;
    final Counter notTargeted;
    final Counter expired;
    final Counter cancelled;
    final Counter deadLettered;
    final Counter abortedBatches;

    public DispatchMetrics(MeterRegistry registry, String node) {
        this.answered = counter(registry, node, "answered");
        this.notTargeted = counter(registry, node, "not_targeted");
        this.expired = counter(registry, node, "expired");
        this.cancelled = counter(registry, node, "cancelled");
        this.deadLettered = counter(registry, node, "dead_lettered");
        this.abortedBatches = Counter.builder("mgmt.node.transactions.aborted")
                .tag("node", node)
                .description("Batches whose transaction was aborted and will be read again")
                .register(registry);
    }

    private static Counter counter(MeterRegistry registry, String node, String outcome) {
        return Counter.builder(REQUESTS)
                .tag("node", node)
                .tag("outcome", outcome)
                .description("Requests read from the request topic, by what the node did with them")
                .register(registry);
    }
}
