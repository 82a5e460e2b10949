package io.mgmtbus.harness.bench;

import io.mgmtbus.agent.dispatch.DispatchRequest;
import io.mgmtbus.agent.dispatch.Dispatcher;
import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.topics.BusTopics;
import io.mgmtbus.embedded.EmbeddedKafka;
import io.mgmtbus.launcher.BusOptions;
import io.mgmtbus.launcher.ExitCodes;
import io.mgmtbus.launcher.QuietLogs;
import io.mgmtbus.launcher.RunningParts;
import io.mgmtbus.launcher.TempDirectory;
import io.mgmtbus.launcher.audit.TerminalProgress;
import io.mgmtbus.launcher.security.DemoSecrets;
import io.mgmtbus.node.ManagedNode;
import io.mgmtbus.registry.RegistryServer;
import io.mgmtbus.streams.DispatchSettings;
import io.mgmtbus.streams.StreamsApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mgmt bench cli}: what an operator waits for, JVM included. Each operator command runs as
 * {@code bin/mgmt} runs it (its own JVM, its flags, its class-data archive) against an idle bus
 * like the demo's, several times; the figures are medians, next to the floor of any JVM command
 * ({@code java -version} with the same flags) and a raw Kafka hop measured on the same broker.
 */
@Command(
        name = "cli",
        mixinStandardHelpOptions = true,
        description = {
            "Benchmark the operator commands as processes, JVM included, against an idle bus on a fresh broker.",
            "Runs nodes, dispatch, request, cancel and audit --reqid --runs times each through bin/mgmt (after one"
                    + " run each that is not counted: the first run after a build writes the class-data archive)"
                    + " and prints median/min/max wall time beside the JVM's own start-up and a raw Kafka hop."
        })
public final class CliBenchCommand implements Callable<Integer> {

    /** What an operator should wait at most for a command on an idle bus. */
    static final Duration TARGET = Duration.ofSeconds(1);

    @Option(names = "--runs", defaultValue = "5", description = "Counted runs per command. Default: ${DEFAULT-VALUE}.")
    int runs;

    @Option(
            names = "--mgmt",
            paramLabel = "PATH",
            defaultValue = "bin/mgmt",
            description = "The command line to time. Default: ${DEFAULT-VALUE} (run from the repository).")
    Path mgmt;

    private final RunningParts running = new RunningParts();

    @Override
    public Integer call() throws Exception {
        if (runs < 1) {
            throw new IllegalArgumentException("--runs must be at least 1");
        }
        if (!Files.isExecutable(mgmt)) {
            throw new IllegalArgumentException(mgmt + " is not an executable: run from the repository or pass --mgmt");
        }
        QuietLogs.bookkeeping();
        try (TempDirectory state = new TempDirectory("mgmt-bench-cli-")) {
            System.out.println("Starting a broker, registry, streams-app and the demo's nodes ...");
            EmbeddedKafka kafka =
                    running.add(EmbeddedKafka.builder().stopOnJvmExit(false).start());
            RegistryServer registry =
                    running.add(RegistryServer.start(kafka.bootstrapServers(), BusConfig.DEFAULT_HOST, 0));
            BusConfig bus = new BusConfig(kafka.bootstrapServers(), registry.url(), "bench-cli.");
            running.add(StreamsApp.start(bus, DispatchSettings.defaults(), state.path()));
            for (String node : DemoSecrets.DEMO_NODES) {
                running.add(ManagedNode.builder(bus, node)
                        .instance("bench")
                        .label("role", DemoSecrets.demoRole(node))
                        .start());
            }
            String reqid = closedRequest(bus);
            Latencies hop = new KafkaHops(bus).raw(60, new TerminalProgress("bench cli"));
            Map<String, List<String>> commands = new LinkedHashMap<>();
            commands.put("nodes", List.of("nodes"));
            commands.put("dispatch ping", List.of("dispatch", "ping"));
            commands.put("request REQID", List.of("request", reqid));
            commands.put("cancel REQID (closed: exit 8)", List.of("cancel", reqid));
            commands.put("audit --reqid REQID", List.of("audit", "--reqid", reqid));
            List<String> connection = BusOptions.argsFor(bus);

            System.out.printf(
                    "%n%-32s %5s %10s %10s %10s %10s  %s%n",
                    "command (wall time, JVM included)", "runs", "first ms", "median ms", "min ms", "max ms", "target");
            row("java -version (JVM floor)", List.of(), List.of(), true);
            for (Map.Entry<String, List<String>> command : commands.entrySet()) {
                row(command.getKey(), command.getValue(), connection, false);
            }
            System.out.printf(
                    "%-32s %5d %10s %10.1f%n", "raw Kafka hop (in process)", 60, "", hop.percentileMillis(50));
            return ExitCodes.OK;
        } finally {
            System.out.println("Stopping ...");
            running.close();
        }
    }

    /** A closed request (answered, or timed out if the nodes were not known yet), for the commands that look one up. */
    private static String closedRequest(BusConfig bus) throws Exception {
        Duration timeout = Duration.ofSeconds(3);
        try (Dispatcher dispatcher = new Dispatcher(bus, new BusTopics(bus), "bench-cli")) {
            String reqid = dispatcher
                    .dispatch(new DispatchRequest(List.of("ping"), null, timeout))
                    .getReqid();
            TimeUnit.MILLISECONDS.sleep(timeout.plusSeconds(2).toMillis());
            return reqid;
        }
    }

    private void row(String label, List<String> args, List<String> connection, boolean jvmFloor)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (jvmFloor) {
            command.addAll(List.of("java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-version"));
        } else {
            command.add(mgmt.toString());
            command.addAll(args);
            command.addAll(connection);
        }
        long first = timed(command);
        long[] millis = new long[runs];
        for (int i = 0; i < runs; i++) {
            millis[i] = timed(command);
        }
        Arrays.sort(millis);
        long median = millis[runs / 2];
        System.out.printf(
                "%-32s %5d %10d %10d %10d %10d  %s%n",
                label,
                runs,
                first,
                median,
                millis[0],
                millis[runs - 1],
                jvmFloor ? "" : median <= TARGET.toMillis() ? "met (<= 1000 ms)" : "MISSED (> 1000 ms)");
    }

    /** One run, its output discarded; the wall time in milliseconds. */
    private static long timed(List<String> command) throws IOException, InterruptedException {
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not end within 60 s");
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }
}
