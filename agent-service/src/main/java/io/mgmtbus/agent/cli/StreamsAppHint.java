package io.mgmtbus.agent.cli;

import io.mgmtbus.agent.health.StreamsAppStatus;
import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.topics.BusTopics;
import java.io.PrintStream;
import java.util.List;

/** Tells a CLI user on stderr when the streams-app is not running, since then no outcome will come. */
final class StreamsAppHint {

    private StreamsAppHint() {}

    /** Prints {@code mgmt COMMAND: warning: ...} per problem; returns whether the streams-app runs. */
    static boolean check(BusConfig config, BusTopics topics, String command, PrintStream err) {
        List<String> problems;
        try (StreamsAppStatus status = new StreamsAppStatus(config, topics)) {
            problems = status.problems();
        }
        problems.forEach(problem -> err.println("mgmt " + command + ": warning: " + problem));
        return problems.isEmpty();
    }
}
