package io.mgmtbus.launcher.bench;

import io.mgmtbus.agent.dispatch.DispatchRequest;
import io.mgmtbus.agent.dispatch.Dispatcher;
import io.mgmtbus.agent.view.BusView;
import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.topics.BusTopics;
import io.mgmtbus.contracts.topics.TopicProvisioner;
import io.mgmtbus.contracts.topics.TopicSpec;
import io.mgmtbus.embedded.EmbeddedKafka;
import io.mgmtbus.events.DispatchOutcome;
import io.mgmtbus.events.OutcomeState;
import io.mgmtbus.launcher.ExitCodes;
import io.mgmtbus.launcher.RunningParts;
import io.mgmtbus.node.ManagedNode;
import io.mgmtbus.registry.RegistryServer;
import io.mgmtbus.streams.DispatchSettings;
import io.mgmtbus.streams.StreamsApp;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mgmt bench}: how long a dispatch takes end to end (request → every node → outcome),
 * next to what one plain Kafka produce-and-consume hop takes on the same broker in the same run,
 * so the figures compare like with like on whatever machine runs it.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        subcommands = HistoryBenchCommand.class,
        description = {
            "Benchmark dispatches against raw Kafka on a fresh embedded broker.",
            "Measures a raw Kafka round trip (produce, then consume, acks=all)",
            "versus a full dispatch (request to every node, answers, aggregated outcome), sequential and pipelined.",
            "Prints mean/p50/p99/max latency and throughput, and the ratio to raw Kafka.",
            "bench history: audit queries over a generated history of a million requests."
        })
public final class BenchCommand implements Callable<Integer> {

    @Option(
            names = "--requests",
            defaultValue = "200",
            description = "Dispatches per measurement. Default: ${DEFAULT-VALUE}.")
    int requests;

    @Option(
            names = "--nodes",
            defaultValue = "3",
            description = "Managed nodes answering each dispatch. Default: ${DEFAULT-VALUE}.")
    int nodes;

    @Option(
            names = "--in-flight",
            defaultValue = "20",
            description = "Dispatches in flight in the pipelined run. Default: ${DEFAULT-VALUE}.")
    int inFlight;

    private final RunningParts running = new RunningParts();

    @Override
    public Integer call() throws Exception {
        if (requests < 1 || nodes < 1 || inFlight < 1) {
            throw new IllegalArgumentException("--requests, --nodes and --in-flight must be at least 1");
        }
        try {
            System.out.println("Starting a broker, registry, streams-app and " + nodes + " nodes ...");
            EmbeddedKafka kafka =
                    started(EmbeddedKafka.builder().stopOnJvmExit(false).start());
            RegistryServer registry =
                    started(RegistryServer.start(kafka.bootstrapServers(), BusConfig.DEFAULT_HOST, 0));
            BusConfig bus = new BusConfig(kafka.bootstrapServers(), registry.url(), "bench.");
            started(StreamsApp.start(bus, DispatchSettings.defaults(), Files.createTempDirectory("mgmt-bench")));
            for (int i = 1; i <= nodes; i++) {
                started(ManagedNode.builder(bus, String.format("node-%03d", i))
                        .instance("bench")
                        .start());
            }
            BusTopics topics = new BusTopics(bus);
            BusView view = started(new BusView(bus, topics, Duration.ZERO, o -> {}));
            Dispatcher dispatcher = started(new Dispatcher(bus, topics, "bench"));
            awaitAllNodesKnown(dispatcher, view);

            List<String> rows = new ArrayList<>();
            Latencies raw = rawKafka(bus);
            rows.add(raw.row("raw Kafka produce+consume"));
            Latencies sequential = dispatches(dispatcher, view, 1, "sequential dispatch");
            rows.add(sequential.row("dispatch to " + nodes + " nodes, 1 in flight"));
            Latencies pipelined = dispatches(dispatcher, view, inFlight, "pipelined dispatch");
            rows.add(pipelined.row("dispatch to " + nodes + " nodes, " + inFlight + " in flight"));

            System.out.println();
            System.out.println(Latencies.header());
            rows.forEach(System.out::println);
            System.out.printf(
                    "%ndispatch p50 / raw Kafka p50: %.1fx (a dispatch is 3 hops: request, answers, outcome,"
                            + " plus two transactions and the streams-app's commit interval)%n",
                    sequential.percentileMillis(50) / raw.percentileMillis(50));
            return ExitCodes.OK;
        } finally {
            System.out.println("Stopping ...");
            running.close();
        }
    }

    private Latencies rawKafka(BusConfig bus) throws Exception {
        String topic = "bench.raw-kafka";
        try (Admin admin = Admin.create(bus.clientProperties())) {
            new TopicProvisioner(admin).ensure(List.of(new TopicSpec(topic, 1, Map.of())));
        }
        Map<String, Object> producerProps = bus.clientProperties();
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        Map<String, Object> consumerProps = bus.clientProperties();
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        TopicPartition partition = new TopicPartition(topic, 0);
        byte[] payload = new byte[200];
        try (var producer = new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer());
                var consumer =
                        new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToEnd(List.of(partition));
            consumer.position(partition);
            Progress progress = new Progress("raw Kafka", requests);
            long start = System.nanoTime();
            Latencies latencies = new Latencies(requests, 0);
            for (int i = 0; i < requests; i++) {
                long sent = System.nanoTime();
                producer.send(new ProducerRecord<>(topic, payload)).get();
                while (consumer.poll(Duration.ofMillis(100)).isEmpty()) {
                    // until our record is back
                }
                latencies.add(System.nanoTime() - sent);
                progress.step();
            }
            return latencies.finishedAfter(System.nanoTime() - start);
        }
    }

    private Latencies dispatches(Dispatcher dispatcher, BusView view, int window, String label) throws Exception {
        DispatchRequest ping = new DispatchRequest(List.of("ping"), List.of(), Duration.ofSeconds(30));
        Progress progress = new Progress(label, requests);
        Latencies latencies = new Latencies(requests, 0);
        Deque<InFlight> pending = new ArrayDeque<>();
        long start = System.nanoTime();
        int issued = 0;
        while (issued < requests || !pending.isEmpty()) {
            while (issued < requests && pending.size() < window) {
                long sent = System.nanoTime();
                String reqid = dispatcher.dispatch(ping).getReqid();
                pending.add(new InFlight(view.outcome(reqid), sent));
                issued++;
            }
            InFlight oldest = pending.poll();
            DispatchOutcome outcome = oldest.outcome().get(60, TimeUnit.SECONDS);
            if (outcome.getState() != OutcomeState.COMPLETE || outcome.getSuccessCount() != nodes) {
                throw new IllegalStateException("dispatch " + outcome.getReqid() + " ended " + outcome.getState()
                        + " with " + outcome.getSuccessCount() + "/" + nodes + " answers");
            }
            latencies.add(System.nanoTime() - oldest.sentNanos());
            progress.step();
        }
        return latencies.finishedAfter(System.nanoTime() - start);
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

    private <T extends AutoCloseable> T started(T part) {
        return running.add(part);
    }

    private record InFlight(CompletableFuture<DispatchOutcome> outcome, long sentNanos) {}

    /** Prints a line at each tenth of the work, so a long run shows it is alive. */
    private static final class Progress {
        private final String label;
        private final int total;
        private int done;

        Progress(String label, int total) {
            this.label = label;
            this.total = total;
        }

        void step() {
            done++;
            if (done == total || done % Math.max(1, total / 10) == 0) {
                System.out.printf("  %-20s %3d%% (%d/%d)%n", label, done * 100 / total, done, total);
            }
        }
    }
}
