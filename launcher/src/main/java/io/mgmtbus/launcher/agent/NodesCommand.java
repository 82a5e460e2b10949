package io.mgmtbus.launcher.agent;

import io.mgmtbus.agent.view.BusView;
import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.topics.BusTopics;
import io.mgmtbus.launcher.BusOptions;
import io.mgmtbus.launcher.ExitCodes;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mgmt nodes}: the known nodes, read from the compacted hello topic. */
@Command(
        name = "nodes",
        mixinStandardHelpOptions = true,
        description = {
            "List the known nodes: those that said hello and did not leave.",
            "Shows instance, actions, last seen and live/stale (stale: heartbeat overdue by three intervals).",
            "Exit code 0, or 1 when Kafka is unreachable."
        })
public final class NodesCommand implements Callable<Integer> {

    @Mixin
    BusOptions bus;

    @Option(
            names = {"-o", "--output"},
            defaultValue = "table",
            description = "json or table. Default: ${DEFAULT-VALUE}.")
    Output.Format output;

    @Override
    public Integer call() throws Exception {
        BusConfig config = bus.toConfig();
        CompletableFuture<?> hint = StreamsAppHint.checkMeanwhile(config, new BusTopics(config), "nodes", System.err);
        try (BusView view = BusView.caughtUp(config, Duration.ZERO, Duration.ofSeconds(30))) {
            Output.nodes(System.out, view.nodes(), output);
            hint.join();
            return ExitCodes.OK;
        }
    }
}
