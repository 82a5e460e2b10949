package io.mgmtbus.launcher;

import io.mgmtbus.launcher.agent.AgentCommand;
import io.mgmtbus.launcher.agent.DispatchCommand;
import io.mgmtbus.launcher.agent.NodesCommand;
import io.mgmtbus.launcher.agent.RequestCommand;
import io.mgmtbus.launcher.audit.AuditCommand;
import io.mgmtbus.launcher.bench.BenchCommand;
import io.mgmtbus.launcher.broker.BrokerCommand;
import io.mgmtbus.launcher.faults.FaultsCommand;
import io.mgmtbus.launcher.node.NodeCommand;
import io.mgmtbus.launcher.rebuild.RebuildOutcomesCommand;
import io.mgmtbus.launcher.registry.RegistryCommand;
import io.mgmtbus.launcher.replay.ReplayCommand;
import io.mgmtbus.launcher.streams.StreamsCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/mgmt}: the one entry point to every role of the bus and to the all-in-one demo. */
@Command(
        name = "mgmt",
        mixinStandardHelpOptions = true,
        version = "mgmt-bus 0.1.0",
        description = {
            "mgmt-bus: an event-sourced management bus on Kafka (Zeek's node dispatch, rebuilt on durable topics).",
            ""
        },
        subcommands = {
            DemoCommand.class,
            BrokerCommand.class,
            RegistryCommand.class,
            NodeCommand.class,
            StreamsCommand.class,
            AgentCommand.class,
            DispatchCommand.class,
            NodesCommand.class,
            RequestCommand.class,
            AuditCommand.class,
            ReplayCommand.class,
            RebuildOutcomesCommand.class,
            BenchCommand.class,
            FaultsCommand.class
        })
public final class Mgmt implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The whole command line, with its one-line error handling, as {@code main} runs it. */
    public static CommandLine commandLine() {
        return new CommandLine(new Mgmt()).setExecutionExceptionHandler(new OneLineErrors());
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
