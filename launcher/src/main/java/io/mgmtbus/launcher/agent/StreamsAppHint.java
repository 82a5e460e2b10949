package io.mgmtbus.launcher.agent;

import io.mgmtbus.agent.health.StreamsAppStatus;
import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.topics.BusTopics;
import java.io.PrintStream;
import java.util.concurrent.CompletableFuture;
import org.slf4j.LoggerFactory;

/** Tells a CLI user on stderr when the streams-app is not running, since then no outcome will come. */
final class StreamsAppHint {

    private StreamsAppHint() {}

    /**
     * {@link #check} on a thread of its own, started at once: asking the broker takes an admin
     * client of its own, and a short command should not wait for it before its real work.
     */
    static CompletableFuture<StreamsAppStatus.State> checkMeanwhile(
            BusConfig config, BusTopics topics, String command, PrintStream err) {
        // Logging is set up here, on this thread: set up by two threads at once, SLF4J warns that it replays calls.
        LoggerFactory.getILoggerFactory();
        // Only a hint: whatever stops it, the command itself reports what it meets.
        return CompletableFuture.supplyAsync(() -> check(config, topics, command, err))
                .exceptionally(e -> StreamsAppStatus.State.UNKNOWN);
    }

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
