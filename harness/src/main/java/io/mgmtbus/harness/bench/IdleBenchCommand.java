package io.mgmtbus.harness.bench;

import io.mgmtbus.agent.http.AgentServer;
import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.embedded.EmbeddedKafka;
import io.mgmtbus.embedded.Ports;
import io.mgmtbus.launcher.QuietLogs;
import io.mgmtbus.launcher.RunningParts;
import io.mgmtbus.launcher.TempDirectory;
import io.mgmtbus.launcher.security.DemoSecrets;
import io.mgmtbus.node.ManagedNode;
import io.mgmtbus.registry.RegistryServer;
import io.mgmtbus.streams.DispatchSettings;
import io.mgmtbus.streams.StreamsApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mgmt bench idle}: what a bus nobody uses costs. Starts the demo's parts (a broker in its
 * own process; registry, streams-app, agent and three nodes in this JVM, as {@code mgmt demo} runs
 * them), leaves them alone, and reads the CPU time both processes used from {@code /proc}: first
 * the broker alone (raw Kafka at rest), then the whole bus once it has settled.
 */
@Command(
        name = "idle",
        mixinStandardHelpOptions = true,
        description = {
            "Benchmark an idle bus: the CPU the demo's parts use when nobody dispatches, as a share of one core.",
            "Measures the broker alone first, then starts the registry, streams-app, agent and three nodes, waits"
                    + " --settle seconds and measures --windows windows of --window seconds each. Needs Linux's /proc."
        })
public final class IdleBenchCommand implements Callable<Integer> {

    /** What an idle bus should cost at most, in all. */
    static final double TARGET_SHARE_OF_A_CORE = 0.03;

    @Option(
            names = "--settle",
            defaultValue = "30",
            description = "Seconds to wait after start-up. Default: ${DEFAULT-VALUE}.")
    int settleSeconds;

    @Option(
            names = "--window",
            defaultValue = "10",
            description = "Seconds per measured window. Default: ${DEFAULT-VALUE}.")
    int windowSeconds;

    @Option(names = "--windows", defaultValue = "2", description = "Measured windows. Default: ${DEFAULT-VALUE}.")
    int windows;

    private final RunningParts running = new RunningParts();

    @Override
    public Integer call() throws Exception {
        if (settleSeconds < 0 || windowSeconds < 1 || windows < 1) {
            throw new IllegalArgumentException("--settle must be >= 0, --window and --windows >= 1");
        }
        if (!Files.isDirectory(Path.of("/proc/self"))) {
            throw new IllegalStateException("bench idle reads CPU times from /proc, which this system does not have");
        }
        QuietLogs.bookkeeping();
        try (TempDirectory state = new TempDirectory("mgmt-bench-idle-")) {
            System.out.println("Starting a broker ...");
            EmbeddedKafka kafka =
                    running.add(EmbeddedKafka.builder().stopOnJvmExit(false).start());
            long broker = brokerPid();
            pause(settleSeconds);
            System.out.printf("%-34s %s%n", "", windowHeader());
            System.out.printf("%-34s %s%n", "raw Kafka: the broker alone", measure(List.of(broker)));

            System.out.println(
                    "Starting the registry, streams-app, agent and nodes " + DemoSecrets.DEMO_NODES + " ...");
            RegistryServer registry =
                    running.add(RegistryServer.start(kafka.bootstrapServers(), BusConfig.DEFAULT_HOST, 0));
            BusConfig bus = new BusConfig(kafka.bootstrapServers(), registry.url(), "");
            running.add(StreamsApp.start(bus, DispatchSettings.defaults(), state.path()));
            running.add(AgentServer.start(bus, Ports.LOOPBACK, 0));
            for (String node : DemoSecrets.DEMO_NODES) {
                running.add(ManagedNode.builder(bus, node)
                        .instance("bench")
                        .label("role", DemoSecrets.demoRole(node))
                        .start());
            }
            pause(settleSeconds);
            long self = ProcessHandle.current().pid();
            System.out.printf("%-34s %s%n", "the bus: broker + demo JVM", measure(List.of(broker, self)));
            System.out.printf(
                    "(target: at most %.0f %% of a core in all; the demo JVM's JIT compiler is counted too)%n",
                    TARGET_SHARE_OF_A_CORE * 100);
            return 0;
        } finally {
            running.close();
        }
    }

    private String windowHeader() {
        StringBuilder header = new StringBuilder();
        for (int i = 1; i <= windows; i++) {
            header.append(String.format("%12s", "window " + i));
        }
        return header.append("   (% of one core)").toString();
    }

    /** The share of one core {@code pids} used together, per window. */
    private String measure(List<Long> pids) throws IOException, InterruptedException {
        StringBuilder row = new StringBuilder();
        for (int i = 0; i < windows; i++) {
            long before = cpuMillis(pids);
            long start = System.nanoTime();
            Thread.sleep(Duration.ofSeconds(windowSeconds).toMillis());
            long used = cpuMillis(pids) - before;
            double wallMillis = (System.nanoTime() - start) / 1e6;
            row.append(String.format("%11.1f%%", 100.0 * used / wallMillis));
        }
        return row.toString();
    }

    /** User plus system CPU time of {@code pids} so far, from /proc (in clock ticks, 100 per second on Linux). */
    private static long cpuMillis(List<Long> pids) throws IOException {
        long ticks = 0;
        for (long pid : pids) {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // Fields after the command name, which is in parentheses and may hold spaces.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
        }
        return ticks * 10;
    }

    /** The broker is this JVM's only child process running java. */
    private static long brokerPid() {
        return ProcessHandle.current()
                .children()
                .filter(child ->
                        child.info().command().map(c -> c.endsWith("java")).orElse(false))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no broker process found among this JVM's children"))
                .pid();
    }

    private static void pause(int seconds) throws InterruptedException {
        if (seconds > 0) {
            System.out.println("Leaving it alone for " + seconds + " s ...");
            Thread.sleep(Duration.ofSeconds(seconds).toMillis());
        }
    }
}
