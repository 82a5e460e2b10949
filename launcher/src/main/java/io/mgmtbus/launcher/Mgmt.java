package io.mgmtbus.launcher;

import io.mgmtbus.launcher.agent.AgentCommand;
import io.mgmtbus.launcher.agent.CancelCommand;
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
import io.mgmtbus.launcher.security.AclsCommand;
import io.mgmtbus.launcher.security.SecretsCommand;
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
            CancelCommand.class,
            AuditCommand.class,
            ReplayCommand.class,
            RebuildOutcomesCommand.class,
            BenchCommand.class,
            FaultsCommand.class,
            AclsCommand.class,
            SecretsCommand.class
        })
public final class Mgmt implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * Set by a parent that runs {@code mgmt} as its child (the fault runs): the child stops, cleanly,
     * when its standard input closes, which happens when the parent dies, even by SIGKILL.
     */
    public static final String EXIT_WITH_PARENT_ENV = "MGMT_EXIT_WITH_PARENT";

    public static void main(String[] args) {
        if (System.getenv(EXIT_WITH_PARENT_ENV) != null) {
            exitWhenStdinCloses();
        }
        System.exit(commandLine().execute(args));
    }

    private static void exitWhenStdinCloses() {
        Thread watcher = new Thread(
                () -> {
                    try {
                        while (System.in.read() != -1) {
                            // the parent never writes; any byte is ignored
                        }
                    } catch (java.io.IOException ignored) {
                        // a broken pipe means the same as end of input: the parent is gone
                    }
                    System.exit(ExitCodes.FAILURE);
                },
                "parent-watcher");
        watcher.setDaemon(true);
        watcher.start();
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
