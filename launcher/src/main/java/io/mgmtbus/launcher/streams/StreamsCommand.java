package io.mgmtbus.launcher.streams;

import io.mgmtbus.contracts.dispatch.DispatchDefaults;
import io.mgmtbus.launcher.BusOptions;
import io.mgmtbus.launcher.DurationConverter;
import io.mgmtbus.launcher.Foreground;
import io.mgmtbus.streams.DispatchSettings;
import io.mgmtbus.streams.StreamsApp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mgmt streams}: runs the dispatch bookkeeping until Ctrl-C. */
@Command(
        name = "streams",
        mixinStandardHelpOptions = true,
        description = {
            "Run the streams-app, which emits one outcome per request.",
            "It joins responses to requests by reqid, keeps the node table from hellos, answers unknown node names",
            "with error Results, and dead-letters bad input. Exits 1 with a one-line reason if Kafka Streams dies.",
            "Several instances (each with its own --state-dir) share the work: start another the same way; if one",
            "dies, the others take over its tasks, from standby copies of its state when there are some."
        })
public final class StreamsCommand implements Callable<Integer> {

    @Mixin
    BusOptions bus;

    @Option(
            names = "--timeout",
            defaultValue = DispatchDefaults.TIMEOUT_TEXT,
            paramLabel = "DURATION",
            description =
                    "How long a request without a deadline waits for its nodes (e.g. 10s, 24h or PT10S). Default: ${DEFAULT-VALUE}.",
            converter = DurationConverter.class)
    Duration timeout;

    @Option(
            names = "--state-dir",
            paramLabel = "DIR",
            description =
                    "Local state (RocksDB) directory; a cache, rebuilt from changelogs when lost. Default: ~/.mgmt-bus/streams.")
    Path stateDir;

    @Option(
            names = "--standby-replicas",
            paramLabel = "N",
            defaultValue = "" + StreamsApp.DEFAULT_STANDBY_REPLICAS,
            description = "Standby copies of each task's state kept by other instances, for a quick take-over"
                    + " (Kafka Streams' num.standby.replicas). Default: ${DEFAULT-VALUE}.")
    int standbyReplicas;

    @Override
    public Integer call() throws InterruptedException {
        Path dir = stateDir != null ? stateDir : Path.of(System.getProperty("user.home"), ".mgmt-bus", "streams");
        StreamsApp app = StreamsApp.start(
                bus.toConfig(), DispatchSettings.defaults().withDefaultTimeout(timeout), dir, standbyReplicas);
        return Foreground.runUntilStopped(
                app, "streams-app running.", app.failure().thenApply(reason -> "mgmt streams: " + reason));
    }
}
