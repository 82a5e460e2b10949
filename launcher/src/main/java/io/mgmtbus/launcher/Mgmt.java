package io.mgmtbus.launcher;

import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code bin/mgmt}: the one entry point to every role of the bus and to the all-in-one demo.
 *
 * <p>Only the subcommand that runs is built: picocli reflecting over all of them costs most of a
 * short command's start-up. The overview ({@code mgmt --help}) comes from {@link #COMMANDS}.
 */
@Command(
        name = "mgmt",
        mixinStandardHelpOptions = true,
        version = "mgmt-bus 0.1.0",
        description = {
            "mgmt-bus: an event-sourced management bus on Kafka (Zeek's node dispatch, rebuilt on durable topics).",
            ""
        },
        footer = {"", "Run 'mgmt COMMAND --help' for a command's options."})
public final class Mgmt implements Runnable {

    /**
     * One subcommand: its name, its class, the line the overview shows, what ships it, and the
     * class it needs (its own, or one beyond its module). The demo's and the harness's commands live in their own modules, so the CLI's class path
     * carries neither a broker nor the benchmark's libraries; {@code bin/mgmt} puts the module on
     * the class path for the commands that need it.
     */
    public record Subcommand(String name, String className, String summary, String module, String needs) {

        Subcommand(String name, String className, String summary, String module) {
            this(name, className, summary, module, className);
        }

        /** The command's class, if it and the class it {@code needs} beyond its module are on the class path. */
        Optional<Class<?>> load() {
            try {
                Class.forName(needs, false, Mgmt.class.getClassLoader());
                return Optional.of(Class.forName(className, false, Mgmt.class.getClassLoader()));
            } catch (ClassNotFoundException e) {
                return Optional.empty();
            }
        }
    }

    /** What ships a command, as a command missing from this class path names it. */
    static final String LAUNCHER = "the launcher module";

    static final String DEMO = "the demo module";
    static final String HARNESS = "the harness module";
    static final String CONFORMANCE = "the conformance module";

    /** Every subcommand, in the order the overview lists them. */
    public static final List<Subcommand> COMMANDS = List.of(
            new Subcommand(
                    "demo",
                    "io.mgmtbus.demo.DemoCommand",
                    "The whole bus on 127.0.0.1, on a real embedded broker.",
                    DEMO),
            new Subcommand(
                    "broker",
                    "io.mgmtbus.demo.BrokerCommand",
                    "A single-node Kafka broker (KRaft) on 127.0.0.1.",
                    DEMO),
            new Subcommand(
                    "registry",
                    "io.mgmtbus.launcher.registry.RegistryCommand",
                    "The schema registry (Confluent's REST API, Avro).",
                    LAUNCHER),
            new Subcommand(
                    "node",
                    "io.mgmtbus.launcher.node.NodeCommand",
                    "A managed node: answers the requests meant for it.",
                    LAUNCHER),
            new Subcommand(
                    "streams",
                    "io.mgmtbus.launcher.streams.StreamsCommand",
                    "The streams-app: one outcome per request.",
                    LAUNCHER),
            new Subcommand(
                    "agent",
                    "io.mgmtbus.launcher.agent.AgentCommand",
                    "The agent-service: the operator's HTTP API and console.",
                    LAUNCHER),
            new Subcommand(
                    "dispatch",
                    "io.mgmtbus.launcher.agent.DispatchCommand",
                    "Dispatch an action to nodes and wait for the outcome.",
                    LAUNCHER),
            new Subcommand("nodes", "io.mgmtbus.launcher.agent.NodesCommand", "List the known nodes.", LAUNCHER),
            new Subcommand(
                    "request",
                    "io.mgmtbus.launcher.agent.RequestCommand",
                    "Show a request: each node's answer, state and timing.",
                    LAUNCHER),
            new Subcommand("cancel", "io.mgmtbus.launcher.agent.CancelCommand", "Cancel an open request.", LAUNCHER),
            new Subcommand(
                    "audit",
                    "io.mgmtbus.launcher.audit.AuditCommand",
                    "The bus's event history, read from its topics.",
                    LAUNCHER),
            new Subcommand(
                    "replay",
                    "io.mgmtbus.launcher.replay.ReplayCommand",
                    "Replay requests into another bus; re-drive dead letters.",
                    LAUNCHER),
            new Subcommand(
                    "rebuild-outcomes",
                    "io.mgmtbus.launcher.rebuild.RebuildOutcomesCommand",
                    "Recompute past outcomes with today's bookkeeping.",
                    // Kafka Streams' TopologyTestDriver, the one engine with a clock it can set: not in the image.
                    "history's offline engine (kafka-streams-test-utils)",
                    "org.apache.kafka.streams.TopologyTestDriver"),
            new Subcommand(
                    "acls",
                    "io.mgmtbus.launcher.security.AclsCommand",
                    "Print or create the Kafka ACLs every role needs.",
                    LAUNCHER),
            new Subcommand(
                    "secrets",
                    "io.mgmtbus.launcher.security.SecretsCommand",
                    "Credentials for a secured bus, a SCRAM user per role.",
                    LAUNCHER),
            new Subcommand(
                    "conformance",
                    "io.mgmtbus.conformance.ConformanceCommand",
                    "Check that a node, in any language, keeps the protocol.",
                    CONFORMANCE),
            new Subcommand(
                    "bench",
                    "io.mgmtbus.harness.bench.BenchCommand",
                    "Benchmark the bus against raw Kafka (harness).",
                    HARNESS),
            new Subcommand(
                    "faults",
                    "io.mgmtbus.harness.faults.FaultsCommand",
                    "Crash parts under load, count what is lost (harness).",
                    HARNESS));

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLineFor(args).execute(args));
    }

    /** The command line with only the subcommand {@code args} name (none for the overview). */
    public static CommandLine commandLineFor(String[] args) {
        CommandLine cli = bare();
        Optional<Subcommand> named = args.length == 0
                ? Optional.empty()
                : COMMANDS.stream().filter(c -> c.name().equals(args[0])).findFirst();
        named.ifPresentOrElse(
                command -> command.load()
                        .ifPresentOrElse(
                                type -> cli.addSubcommand(command.name(), type),
                                () -> cli.addSubcommand(command.name(), new MissingModule(command))),
                // Names only, no classes: enough for picocli to say "Did you mean" after a typo.
                () -> COMMANDS.forEach(command ->
                        cli.addSubcommand(command.name(), new CommandLine(CommandLine.Model.CommandSpec.create()))));
        return cli;
    }

    /** Every subcommand on this class path, as the tests drive them. */
    public static CommandLine commandLine() {
        CommandLine cli = bare();
        for (Subcommand command : COMMANDS) {
            command.load().ifPresent(type -> cli.addSubcommand(command.name(), type));
        }
        return cli;
    }

    private static CommandLine bare() {
        CommandLine cli = new CommandLine(new Mgmt()).setExecutionExceptionHandler(new OneLineErrors());
        cli.getHelpSectionMap()
                .put(
                        CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST_HEADING,
                        help -> String.format("Commands:%n"));
        cli.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST, help -> overview());
        return cli;
    }

    /** The overview of every subcommand, whether or not its module is on this class path. */
    static String overview() {
        int width = COMMANDS.stream().mapToInt(c -> c.name().length()).max().orElse(0);
        StringBuilder text = new StringBuilder();
        for (Subcommand command : COMMANDS) {
            text.append(String.format("  %-" + width + "s  %s%n", command.name(), command.summary()));
        }
        return text.toString();
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
