package io.mgmtbus.launcher.faults;

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
    STREAMS_PAIR_KILL("streams-pair-kill", "two streams-app instances share the load; kill -9 of one, not restarted"),
    BROKER_RESTART("broker-restart", "the broker stopped mid-load and restarted on the same data directory"),
    AGENT_RESTART("agent-restart", "the agent restarted (SIGTERM) while POST /dispatch?wait=true callers wait");

    private final String label;
    private final String description;

    FaultScenario(String label, String description) {
        this.label = label;
        this.description = description;
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
