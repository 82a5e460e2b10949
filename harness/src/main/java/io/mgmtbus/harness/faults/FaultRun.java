package io.mgmtbus.harness.faults;

import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.topics.BusProvisioning;
import io.mgmtbus.contracts.topics.BusTopics;
import io.mgmtbus.embedded.Ports;
import io.mgmtbus.launcher.TempDirectory;
import io.mgmtbus.registry.RegistryServer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * One fault scenario end to end: a fresh broker or cluster of three (each broker its own process,
 * data kept so it can restart), the registry, the streams-app, three nodes and (for the agent
 * scenario) the agent, each in its own JVM; load; the fault at a fixed time; more load; then the
 * ledger read back from the topics.
 */
public final class FaultRun {

    /**
     * How a run is shaped.
     *
     * @param logs where the processes' logs go (kept); null for a temporary directory deleted after the run
     */
    public record Settings(int inFlight, Duration before, Duration after, Duration deadline, Path logs) {
        public static Settings defaults() {
            return new Settings(300, Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(15), null);
        }
    }

    static final List<String> NODES = List.of("worker-01", "worker-02", "manager");
    private static final Duration START = Duration.ofSeconds(120);
    private static final String STREAMS_UP = "streams-app running.";
    private static final String NODE_UP = " is up on ";
    /** How long after the stall dispatches still count as recovering, for the p99. */
    private static final Duration RECOVERY = Duration.ofSeconds(10);

    private static final String AGENT_UP = "agent-service listening on";

    private final FaultScenario scenario;
    private final Settings settings;
    private final PrintStream progress;

    public FaultRun(FaultScenario scenario, Settings settings, PrintStream progress) {
        this.scenario = scenario;
        this.settings = settings;
        this.progress = progress;
    }

    public FaultReport run() throws Exception {
        try (TempDirectory work = new TempDirectory("mgmt-faults-" + scenario.label() + "-")) {
            Path logs = Files.createDirectories(
                    settings.logs() != null
                            ? settings.logs().resolve(scenario.label())
                            : work.path().resolve("logs"));
            FaultBrokers brokers = FaultBrokers.start(scenario.brokers(), work.path());
            List<AutoCloseable> parts = new ArrayList<>();
            try (RegistryServer registry =
                    RegistryServer.start(brokers.bootstrapServers(), BusConfig.DEFAULT_HOST, 0)) {
                BusConfig bus = new BusConfig(brokers.bootstrapServers(), registry.url(), "faults.");
                BusTopics topics = BusProvisioning.ensure(bus);
                say("bus on %s; logs in %s", bus.bootstrapServers(), logs);
                List<ChildProcess> streams = new ArrayList<>();
                int instances = scenario.streamsInstances();
                // Started together, then awaited: the JVMs start in parallel.
                for (int i = 1; i <= instances; i++) {
                    List<String> args = List.of(
                            "streams",
                            "--state-dir",
                            work.path().resolve("state-" + i).toString());
                    streams.add(launch(parts, "streams-" + i, bus, logs, args));
                }
                List<ChildProcess> nodes = new ArrayList<>();
                for (String node : NODES) {
                    nodes.add(launch(parts, "node-" + node, bus, logs, List.of("node", "--name", node)));
                }
                for (ChildProcess child : streams) {
                    awaitUp(child, STREAMS_UP);
                }
                for (ChildProcess child : nodes) {
                    awaitUp(child, NODE_UP);
                }
                try (RequestLoad load = new RequestLoad(
                        bus, topics, "fault-" + scenario.label(), settings.inFlight(), settings.deadline())) {
                    load.awaitNodesKnown(NODES.size(), START);
                    if (scenario == FaultScenario.AGENT_RESTART) {
                        return agentRun(parts, bus, topics, logs);
                    }
                    Thread loader = new Thread(load::issue, "faults-load");
                    long loadFrom = System.currentTimeMillis();
                    loader.start();
                    say(
                            "load: %d requests in flight for %ss, then the fault: %s",
                            settings.inFlight(), settings.before().toSeconds(), scenario.description());
                    Thread.sleep(settings.before().toMillis());
                    long faultAt = System.currentTimeMillis();
                    inject(streams, parts, brokers, topics, work.path());
                    say("fault injected; load goes on for %ss", settings.after().toSeconds());
                    Thread.sleep(settings.after().toMillis());
                    load.stopIssuing();
                    loader.join();
                    int waiting = load.awaitOutcomes(settings.deadline().plusSeconds(30));
                    say(
                            "load stopped: %d requests issued, %d still without an outcome; reading the topics",
                            load.timeline().issuedCount(), waiting);
                    if (load.sendFailures() > 0) {
                        say("%d requests could not be sent (the producer gave up): not counted", load.sendFailures());
                    }
                    Ledger ledger = Ledger.read(bus, topics, reqid -> reqid.startsWith("fault-"), load.acknowledged());
                    return report(ledger, load.timeline(), loadFrom, faultAt, null);
                }
            } finally {
                closeAll(parts);
                brokers.close();
            }
        }
    }

    private FaultReport agentRun(List<AutoCloseable> parts, BusConfig bus, BusTopics topics, Path logs)
            throws Exception {
        int port = Ports.freePort();
        List<String> args = List.of("agent", "--port", Integer.toString(port));
        ChildProcess agent = awaitUp(launch(parts, "agent", bus, logs, args), AGENT_UP);
        HttpLoad callers = new HttpLoad("http://" + BusConfig.DEFAULT_HOST + ":" + port, settings.deadline());
        int count = Math.min(settings.inFlight(), 200); // each waiting call holds one of the agent's HTTP threads
        long loadFrom = System.currentTimeMillis();
        callers.start(count);
        say(
                "%d callers on POST /dispatch?wait=true for %ss, then the fault: %s",
                count, settings.before().toSeconds(), scenario.description());
        Thread.sleep(settings.before().toMillis());
        long faultAt = System.currentTimeMillis();
        agent.stop();
        agent.restart().awaitOutput(AGENT_UP, START);
        say("agent restarted; callers go on for %ss", settings.after().toSeconds());
        Thread.sleep(settings.after().toMillis());
        callers.stop(settings.deadline().plusSeconds(40));
        // Requests whose caller was cut still close on the bus: read until none lacks its outcome.
        Predicate<String> ofRun = reqid -> !reqid.startsWith(RequestLoad.PROBE_PREFIX);
        long until = System.nanoTime() + settings.deadline().plusSeconds(15).toNanos();
        Ledger ledger = Ledger.read(bus, topics, ofRun, callers.dispatched());
        while (ledger.lost() > 0 && System.nanoTime() < until) {
            Thread.sleep(1000);
            ledger = Ledger.read(bus, topics, ofRun, callers.dispatched());
        }
        return report(
                ledger,
                callers.timeline(),
                loadFrom,
                faultAt,
                new FaultReport.Callers(
                        callers.outcomes(),
                        callers.explainedErrors(),
                        callers.connectionErrors(),
                        callers.hangs(),
                        callers.sampleErrors()));
    }

    /** Injects the scenario's fault and, where it says so, brings the dead part back. */
    private void inject(
            List<ChildProcess> streams, List<AutoCloseable> parts, FaultBrokers brokers, BusTopics topics, Path work)
            throws Exception {
        switch (scenario) {
            case NODE_KILL -> {
                ChildProcess node = (ChildProcess) parts.stream()
                        .filter(p -> p instanceof ChildProcess c && c.name().equals("node-worker-02"))
                        .findFirst()
                        .orElseThrow();
                node.kill();
                node.restart().awaitOutput(NODE_UP, START);
            }
            case STREAMS_KILL -> {
                streams.get(0).kill();
                streams.get(0).restart().awaitOutput(STREAMS_UP, START);
            }
            case STREAMS_KILL_EMPTY_STATE -> {
                streams.get(0).kill();
                deleteRecursively(work.resolve("state-1"));
                streams.get(0).restart().awaitOutput(STREAMS_UP, START);
            }
            case STREAMS_PAIR_KILL -> streams.get(1).kill();
            case BROKER_RESTART -> brokers.restart();
            case CLUSTER_BROKER_KILL -> killBusiestLeader(brokers, topics, null);
            case CLUSTER_BROKER_STREAMS_KILL -> {
                killBusiestLeader(brokers, topics, null);
                Thread.sleep(settings.before().toMillis()); // the load goes on with three brokers again
                killBusiestLeader(brokers, topics, streams.get(0));
            }
            case AGENT_RESTART -> throw new IllegalStateException("the agent scenario runs its own load");
        }
    }

    /** Kills the broker leading the most request partitions (and {@code streamsToo}, if any), then brings both back. */
    private void killBusiestLeader(FaultBrokers brokers, BusTopics topics, ChildProcess streamsToo)
            throws InterruptedException {
        int killed = brokers.killBusiestLeader(topics.requests().name());
        if (streamsToo != null) {
            streamsToo.kill();
        }
        String what = "broker " + killed + (streamsToo != null ? " and " + streamsToo.name() : "");
        say("%s killed; back in %d s", what, FaultScenario.BROKER_DOWN_SECONDS);
        Thread.sleep(FaultScenario.BROKER_DOWN_SECONDS * 1000L);
        brokers.restart(killed);
        if (streamsToo != null) {
            streamsToo.restart().awaitOutput(STREAMS_UP, START);
        }
        say("%s back", what);
    }

    private static ChildProcess launch(
            List<AutoCloseable> parts, String name, BusConfig bus, Path logs, List<String> args) {
        ChildProcess child = ChildProcess.start(name, bus, logs, args);
        parts.add(child);
        return child;
    }

    private ChildProcess awaitUp(ChildProcess child, String banner) throws InterruptedException {
        child.awaitOutput(banner, START);
        say("%s up", child.name());
        return child;
    }

    private FaultReport report(
            Ledger ledger, Timeline timeline, long loadFrom, long faultAt, FaultReport.Callers callers) {
        long stall = timeline.stallAfter(faultAt, timeline.lastOutcomeAt()).orElse(-1);
        long recovered = faultAt + Math.max(stall, 0) + RECOVERY.toMillis();
        FaultReport.P99s p99s = new FaultReport.P99s(
                timeline.p99AnsweredBetween(loadFrom, faultAt - 1),
                timeline.p99AnsweredBetween(faultAt, recovered),
                timeline.p99AnsweredBetween(recovered + 1, Long.MAX_VALUE));
        return new FaultReport(scenario, settings.inFlight(), ledger, stall, p99s, callers);
    }

    private static void closeAll(List<AutoCloseable> parts) {
        // The report is made: the children stop all at once rather than one after another.
        parts.stream()
                .filter(ChildProcess.class::isInstance)
                .map(ChildProcess.class::cast)
                .forEach(ChildProcess::requestStop);
        for (int i = parts.size() - 1; i >= 0; i--) {
            try {
                parts.get(i).close();
            } catch (Exception e) {
                // stopping what is left: the report is already made
            }
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private void say(String format, Object... args) {
        progress.printf(
                "%s faults: %s%n",
                java.time.LocalTime.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS),
                String.format(format, args));
    }
}
