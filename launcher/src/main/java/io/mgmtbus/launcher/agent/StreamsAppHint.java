package io.mgmtbus.launcher.agent;

import io.mgmtbus.agent.health.StreamsAppStatus;
import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.topics.BusTopics;
import java.io.PrintStream;

/** Tells a CLI user on stderr when the streams-app is not running, since then no outcome will come. */
final class StreamsAppHint {

    private StreamsAppHint() {}

    /** Prints {@code mgmt COMMAND: warning: ...} per problem and returns what the broker told. */
    static StreamsAppStatus.State check(BusConfig config, BusTopics topics, String command, PrintStream err) {
        StreamsAppStatus.Status status;
        try (StreamsAppStatus streamsApp = new StreamsAppStatus(config, topics)) {
            status = streamsApp.check();
        }
        status.problems().forEach(problem -> err.println("mgmt " + command + ": warning: " + problem));
        return status.state();
    }
}
