package io.mgmtbus.harness.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.mgmtbus.agent.dispatch.DispatchRequest;
import io.mgmtbus.agent.dispatch.Dispatcher;
import io.mgmtbus.agent.view.BusView;
import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.topics.BusTopics;
import io.mgmtbus.embedded.EmbeddedKafka;
import io.mgmtbus.events.DispatchOutcome;
import io.mgmtbus.events.OutcomeState;
import io.mgmtbus.launcher.ExitCodes;
import io.mgmtbus.launcher.QuietLogs;
import io.mgmtbus.launcher.RunningParts;
import io.mgmtbus.launcher.TempDirectory;
import io.mgmtbus.launcher.audit.TerminalProgress;
import io.mgmtbus.node.ManagedNode;
import io.mgmtbus.node.dispatch.Delivery;
import io.mgmtbus.registry.RegistryServer;
import io.mgmtbus.streams.DispatchSettings;
import io.mgmtbus.streams.StreamsApp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mgmt bench}: how long a dispatch takes end to end (request → every node → outcome), in
 * both delivery modes, next to the yardsticks measured on the same broker in the same run: a raw
 * Kafka hop and a transactional hop. The exactly-once floor is one raw hop (the request) plus two
 * transactional hops (the node's answer, the streams-app's outcome).
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        subcommands = {
            HistoryBenchCommand.class,
            FanoutBenchCommand.class,
            CliBenchCommand.class,
            IdleBenchCommand.class
        },
        description = {
            "Benchmark dispatches against raw Kafka on a fresh embedded broker (figures on stdout, progress on stderr).",
            "Measures a raw Kafka hop, a transactional hop, then dispatches to --nodes nodes answering exactly once"
                    + " and then at least once (fast mode), one at a time and with --in-flight pipelined. Prints"
                    + " mean/p50/p99/max, throughput, and the ratios to raw Kafka and to the exactly-once floor"
                    + " (raw hop + 2 transactional hops).",
            "bench fanout: one broadcast to N known nodes, joined, beside the raw producer.",
            "bench history: audit queries over a generated history of a million requests.",
            "bench cli: the operator commands as processes, JVM included.",
            "bench idle: the CPU an idle bus uses, beside the broker alone."
        })
public final class BenchCommand implements Callable<Integer> {

    @Option(
            names = "--requests",
            defaultValue = "300",
            description = "Samples per measurement. Default: ${DEFAULT-VALUE}.")
    int requests;

    @Option(
            names = "--nodes",
            defaultValue = "10",
            description = "Managed nodes answering each dispatch. Default: ${DEFAULT-VALUE}.")
    int nodes;

    @Option(
            names = "--in-flight",
            defaultValue = "100",
            description = "Dispatches in flight in the pipelined runs. Default: ${DEFAULT-VALUE}.")
    int inFlight;

    @Option(
            names = "--quick",
            description = "A small run (60 samples, 20 in flight): a smoke check in a minute or two.")
    boolean quick;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write every figure to FILE as JSON.")
    Path json;

    @Option(names = "--plot", paramLabel = "FILE", description = "Also write latency CDF curves to FILE (PNG).")
    Path plot;

    private final RunningParts running = new RunningParts();
    private final TerminalProgress progress = new TerminalProgress("bench");

    @Override
    public Integer call() throws Exception {
        if (quick) {
            requests = Math.min(requests, 60);
            inFlight = Math.min(inFlight, 20);
        }
        if (requests < 1 || nodes < 1 || inFlight < 1) {
            throw new IllegalArgumentException("--requests, --nodes and --in-flight must be at least 1");
        }
        QuietLogs.bookkeeping();
        try (TempDirectory state = new TempDirectory("mgmt-bench-")) {
            System.out.println("Starting a broker, registry, streams-app and " + nodes + " nodes ...");
            EmbeddedKafka kafka =
                    running.add(EmbeddedKafka.builder().stopOnJvmExit(false).start());
            RegistryServer registry =
                    running.add(RegistryServer.start(kafka.bootstrapServers(), BusConfig.DEFAULT_HOST, 0));
            BusConfig bus = new BusConfig(kafka.bootstrapServers(), registry.url(), "bench.");
            running.add(StreamsApp.start(bus, DispatchSettings.defaults(), state.path()));
            BusTopics topics = new BusTopics(bus);
            BusView view = running.add(new BusView(bus, topics, Duration.ZERO, o -> {}));
            Dispatcher dispatcher = running.add(new Dispatcher(bus, topics, "bench"));

            KafkaHops hops = new KafkaHops(bus);
            Latencies raw = hops.raw(requests, progress);
            Latencies transactional = hops.transactional(requests, progress);
            List<Latencies> eos = dispatchRuns(bus, dispatcher, view, Delivery.EXACTLY_ONCE, "dispatch");
            List<Latencies> fast = dispatchRuns(bus, dispatcher, view, Delivery.AT_LEAST_ONCE, "fast dispatch");
            progress.close();
            report(raw, transactional, eos, fast);
            return ExitCodes.OK;
        } finally {
            progress.close();
            System.out.println("Stopping ...");
            running.close();
        }
    }

    /**
     * Starts the nodes in {@code delivery} mode, measures one-at-a-time and pipelined dispatches,
     * stops them. Returns: one at a time, pipelined, and the one-at-a-time split at the close.
     */
    private List<Latencies> dispatchRuns(
            BusConfig bus, Dispatcher dispatcher, BusView view, Delivery delivery, String label) throws Exception {
        try (RunningParts fleet = new RunningParts()) {
            for (int i = 1; i <= nodes; i++) {
                fleet.add(ManagedNode.builder(bus, String.format("node-%03d", i))
                        .instance("bench")
                        .delivery(delivery)
                        .start());
            }
            awaitAllNodesKnown(dispatcher, view);
            dispatches(dispatcher, view, 1, label + " (warm-up, not counted)", KafkaHops.WARMUP);
            DispatchRun one = dispatches(dispatcher, view, 1, label + " to " + nodes + " nodes, 1 in flight", requests);
            DispatchRun many = dispatches(
                    dispatcher,
                    view,
                    inFlight,
                    label + " to " + nodes + " nodes, " + inFlight + " in flight",
                    requests);
            return List.of(one.total(), many.total(), one.toClose(), one.toReader());
        }
    }

    private void report(Latencies raw, Latencies transactional, List<Latencies> eos, List<Latencies> fast)
            throws Exception {
        List<Latencies> all = new ArrayList<>(List.of(raw, transactional));
        all.addAll(eos.subList(0, 2));
        all.addAll(fast.subList(0, 2));
        System.out.println();
        System.out.println(Latencies.header());
        all.forEach(l -> System.out.println(l.row()));
        System.out.println();
        System.out.println("where the time goes, one at a time (split at the outcome's closed_at):");
        List<Latencies> hops = List.of(eos.get(2), eos.get(3), fast.get(2), fast.get(3));
        hops.forEach(l -> System.out.println(l.row()));
        all.addAll(hops);
        // Percentiles do not add up: the p50 sum is the floor of a dispatch; the p99 sum only an estimate.
        double floor50 = raw.percentileMillis(50) + 2 * transactional.percentileMillis(50);
        double floor99 = raw.percentileMillis(99) + 2 * transactional.percentileMillis(99);
        Latencies dispatch = eos.get(0);
        Latencies fastDispatch = fast.get(0);
        Map<String, Double> ratios = new LinkedHashMap<>();
        ratios.put("dispatch p50 / raw Kafka p50", dispatch.percentileMillis(50) / raw.percentileMillis(50));
        ratios.put("dispatch p99 / raw Kafka p99", dispatch.percentileMillis(99) / raw.percentileMillis(99));
        ratios.put("dispatch p50 / EOS floor p50", dispatch.percentileMillis(50) / floor50);
        ratios.put("dispatch p99 / EOS floor p99", dispatch.percentileMillis(99) / floor99);
        ratios.put("fast dispatch p50 / raw Kafka p50", fastDispatch.percentileMillis(50) / raw.percentileMillis(50));
        ratios.put("fast dispatch p99 / raw Kafka p99", fastDispatch.percentileMillis(99) / raw.percentileMillis(99));
        System.out.printf("%nEOS floor (raw hop + 2 transactional hops): p50 %.2f ms, p99 %.2f ms%n", floor50, floor99);
        ratios.forEach((name, ratio) -> System.out.printf("%s: %.1fx%n", name, ratio));
        double eosAnswers = eos.get(1).perSecond() * nodes;
        double fastAnswers = fast.get(1).perSecond() * nodes;
        System.out.printf(
                "answers/s through the join, %d in flight: %.0f exactly once, %.0f fast%n",
                inFlight, eosAnswers, fastAnswers);
        if (json != null) {
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("nodes", nodes);
            figures.put("in_flight", inFlight);
            Map<String, Object> measurements = new LinkedHashMap<>();
            all.forEach(l -> measurements.put(l.name(), l.figures()));
            figures.put("measurements", measurements);
            figures.put("eos_floor_ms", Map.of("p50", floor50, "p99", floor99));
            figures.put("ratios", ratios);
            figures.put("answers_per_second", Map.of("exactly_once", eosAnswers, "fast", fastAnswers));
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), figures);
            System.out.println("figures written to " + json);
        }
        if (plot != null) {
            LatencyChart.write(List.of(raw, transactional, dispatch, fastDispatch), plot);
            System.out.println("latency CDF written to " + plot);
        }
    }

    /**
     * One dispatch measurement, also split at the streams-app's decision (the outcome's closed_at,
     * same host clock): from the request to the close, and from the close to the reader.
     */
    private record DispatchRun(Latencies total, Latencies toClose, Latencies toReader) {}

    private DispatchRun dispatches(Dispatcher dispatcher, BusView view, int window, String label, int requests)
            throws Exception {
        DispatchRequest ping = new DispatchRequest(List.of("ping"), List.of(), Duration.ofSeconds(30));
        progress.start(label, requests);
        Latencies latencies = new Latencies(label);
        Latencies toClose = new Latencies(label + ": request -> closed");
        Latencies toReader = new Latencies(label + ": closed -> reader");
        Deque<InFlight> pending = new ArrayDeque<>();
        long start = System.nanoTime();
        int issued = 0;
        while (issued < requests || !pending.isEmpty()) {
            while (issued < requests && pending.size() < window) {
                long sent = System.nanoTime();
                long sentMillis = System.currentTimeMillis();
                String reqid = dispatcher.dispatch(ping).getReqid();
                // Timed when the outcome arrives, not when it reaches the head of the queue.
                CompletableFuture<DispatchOutcome> outcome = view.outcome(reqid);
                CompletableFuture<long[]> arrived =
                        outcome.thenApply(o -> new long[] {System.nanoTime(), System.currentTimeMillis()});
                pending.add(new InFlight(outcome, arrived, sent, sentMillis));
                issued++;
            }
            InFlight oldest = pending.poll();
            DispatchOutcome outcome = oldest.outcome().get(60, TimeUnit.SECONDS);
            if (outcome.getState() != OutcomeState.COMPLETE || outcome.getSuccessCount() != nodes) {
                throw new IllegalStateException("dispatch " + outcome.getReqid() + " ended " + outcome.getState()
                        + " with " + outcome.getSuccessCount() + "/" + nodes + " answers");
            }
            long[] arrivedAt = oldest.arrived().get(60, TimeUnit.SECONDS);
            latencies.add(arrivedAt[0] - oldest.sentNanos());
            long closed = outcome.getClosedAt().toEpochMilli();
            toClose.add((closed - oldest.sentMillis()) * 1_000_000);
            toReader.add((arrivedAt[1] - closed) * 1_000_000);
            progress.read(1);
        }
        long wall = System.nanoTime() - start;
        return new DispatchRun(
                latencies.finishedAfter(wall), toClose.finishedAfter(wall), toReader.finishedAfter(wall));
    }

    private void awaitAllNodesKnown(Dispatcher dispatcher, BusView view) throws Exception {
        for (int attempt = 0; attempt < 30; attempt++) {
            String reqid = dispatcher
                    .dispatch(new DispatchRequest(List.of("ping"), List.of(), Duration.ofSeconds(5)))
                    .getReqid();
            if (view.outcome(reqid).get(30, TimeUnit.SECONDS).getSuccessCount() == nodes) {
                return;
            }
        }
        throw new IllegalStateException("the streams-app never saw all " + nodes + " nodes");
    }

    private record InFlight(
            CompletableFuture<DispatchOutcome> outcome,
            CompletableFuture<long[]> arrived,
            long sentNanos,
            long sentMillis) {}
}
