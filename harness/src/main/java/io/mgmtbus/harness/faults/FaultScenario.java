package io.mgmtbus.harness.faults;

import java.util.Arrays;

/** The faults {@code mgmt faults} can inject, each under load. */
public enum FaultScenario {
    NODE_KILL("node-kill", "kill -9 of one node process mid-load, restarted at once"),
    STREAMS_KILL(
            "streams-kill",
            "kill -9 of the streams-app process mid-load, restarted at once on the same state directory"),
    STREAMS_KILL_EMPTY_STATE(
            "streams-kill-empty-state",
            "kill -9 of the streams-app mid-load, restarted at once on an empty state directory"),
    STREAMS_PAIR_KILL(
            "streams-pair-kill", "two streams-app instances share the load; kill -9 of one, not restarted", 1, 2),
    BROKER_RESTART("broker-restart", "the broker stopped mid-load and restarted on the same data directory"),
    AGENT_RESTART("agent-restart", "the agent restarted (SIGTERM) while POST /dispatch?wait=true callers wait"),
    CLUSTER_BROKER_KILL(
            "cluster-broker-kill",
            "three brokers, two streams-app instances: kill -9 of the broker leading the most request partitions,"
                    + " back after " + FaultScenario.BROKER_DOWN_SECONDS + " s",
            3,
            2),
    CLUSTER_BROKER_STREAMS_KILL(
            "cluster-broker-streams-kill",
            "three brokers, two streams-app instances: kill -9 of the busiest request leader, back after "
                    + FaultScenario.BROKER_DOWN_SECONDS + " s; then of the new busiest leader and one streams-app"
                    + " instance, both back after " + FaultScenario.BROKER_DOWN_SECONDS + " s",
            3,
            2);

    /** How long a killed broker of a cluster stays down while the load goes on. */
    static final int BROKER_DOWN_SECONDS = 3;

    private final String label;
    private final String description;
    private final int brokers;
    private final int streamsInstances;

    FaultScenario(String label, String description) {
        this(label, description, 1, 1);
    }

    FaultScenario(String label, String description, int brokers, int streamsInstances) {
        this.label = label;
        this.description = description;
        this.brokers = brokers;
        this.streamsInstances = streamsInstances;
    }

    /** Brokers the run's Kafka has (1, or a cluster of 3). */
    public int brokers() {
        return brokers;
    }

    /** Streams-app instances sharing the run's load. */
    int streamsInstances() {
        return streamsInstances;
    }

    public String label() {
        return label;
    }

    public String description() {
        return description;
    }

    /** The scenario called {@code label} (as {@code mgmt faults} spells it). */
    public static FaultScenario of(String label) {
        return Arrays.stream(values())
                .filter(s -> s.label.equals(label))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no fault scenario '" + label + "'; known: "
                        + Arrays.stream(values()).map(FaultScenario::label).toList()));
    }

    @Override
    public String toString() {
        return label;
    }
}
