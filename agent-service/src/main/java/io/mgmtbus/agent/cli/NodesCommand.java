package io.mgmtbus.agent.cli;

import io.mgmtbus.agent.view.BusView;
import io.mgmtbus.contracts.config.BusOptions;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mgmt nodes}: the known nodes, read from the compacted hello topic. */
@Command(name = "nodes", mixinStandardHelpOptions = true,
        description = {"List the known nodes (those that said hello and did not leave) with instance, actions, last seen",
                "and live/stale (stale: heartbeat overdue by three intervals). Exit code 0, or 1 when Kafka is unreachable."})
public final class NodesCommand implements Callable<Integer> {

    @Mixin
    BusOptions bus;

    @Option(names = {"-o", "--output"}, defaultValue = "table", description = "json or table. Default: ${DEFAULT-VALUE}.")
    Output.Format output;

    @Override
    public Integer call() throws Exception {
        try (BusView view = BusView.caughtUp(bus.toConfig(), Duration.ZERO, Duration.ofSeconds(30))) {
            Output.nodes(System.out, view.nodes(), output);
            return ExitCodes.OK;
        }
    }
}
