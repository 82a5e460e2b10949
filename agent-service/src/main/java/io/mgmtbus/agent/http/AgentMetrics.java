package io.mgmtbus.agent.http;

import io.mgmtbus.agent.view.BusView;
import io.mgmtbus.contracts.topics.BusTopics;
import io.mgmtbus.events.DispatchOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;

/** The agent's Prometheus series: requests issued, outcomes by state, round-trip latency, dead letters. */
public final class AgentMetrics {

    private final MeterRegistry registry;
    private final Counter issued;
    private final Timer roundTrip;

    public AgentMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.issued = Counter.builder("mgmt.agent.requests.issued")
                .description("Dispatch requests produced by this agent")
                .register(registry);
        this.roundTrip = Timer.builder("mgmt.agent.roundtrip")
                .description("From a request's issue to its outcome")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry);
    }

    /**
     * Exposes the dead-letter count of the agent's view of the bus. Micrometer holds the view
     * weakly: the agent keeps it (a method reference here would be collected, reading 0 forever).
     */
    void countDeadLetters(BusView view) {
        FunctionCounter.builder("mgmt.agent.deadletter.records", view, v -> v.deadLetters())
                .description("Records sent to the dead-letter topic since the agent started")
                .register(registry);
    }

    /** Exposes, per bus topic, the records the agent's view skipped as undecodable or invalid. */
    void countSkipped(BusTopics topics, BusView view) {
        for (String topic : List.of(
                topics.requests().name(),
                topics.responses().name(),
                topics.outcomes().name(),
                topics.hellos().name())) {
            FunctionCounter.builder(
                            "mgmt.agent.view.skipped.records",
                            view,
                            v -> v.skippedRecords().getOrDefault(topic, 0L))
                    .tag("topic", topic)
                    .description(
                            "Records the agent's view skipped as undecodable or invalid (the streams-app dead-letters them)")
                    .register(registry);
        }
    }

    void issued() {
        issued.increment();
    }

    /** Called for every outcome on the bus, whoever issued the request. */
    public void outcome(DispatchOutcome outcome) {
        Counter.builder("mgmt.agent.outcomes")
                .tag("state", outcome.getState().name().toLowerCase())
                .description("Outcomes seen, by state")
                .register(registry)
                .increment();
        roundTrip.record(Duration.between(outcome.getIssuedAt(), outcome.getClosedAt()));
    }
}
