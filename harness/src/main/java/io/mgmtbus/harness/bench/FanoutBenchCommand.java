package io.mgmtbus.harness.bench;

import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.dispatch.Results;
import io.mgmtbus.contracts.topics.BusProvisioning;
import io.mgmtbus.contracts.topics.BusTopics;
import io.mgmtbus.contracts.topics.TopicProvisioner;
import io.mgmtbus.contracts.topics.TopicSpec;
import io.mgmtbus.embedded.EmbeddedKafka;
import io.mgmtbus.events.DispatchOutcome;
import io.mgmtbus.events.NodeDispatchRequest;
import io.mgmtbus.events.NodeDispatchResponse;
import io.mgmtbus.events.NodeHello;
import io.mgmtbus.launcher.ExitCodes;
import io.mgmtbus.launcher.QuietLogs;
import io.mgmtbus.launcher.RunningParts;
import io.mgmtbus.launcher.TempDirectory;
import io.mgmtbus.registry.RegistryServer;
import io.mgmtbus.streams.DispatchSettings;
import io.mgmtbus.streams.StreamsApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mgmt bench fanout}: how fast the streams-app's join takes in the answers to one
 * broadcast to thousands of known nodes, next to how fast a plain producer writes as many
 * records of the same size in the same run. The nodes are synthetic (hellos and answers written
 * by a producer), so the figure is the join's, not thousands of node processes'.
 */
@Command(
        name = "fanout",
        mixinStandardHelpOptions = true,
        description = {
            "Benchmark one broadcast to N known (synthetic) nodes through the streams-app's join, on a fresh broker.",
            "For each N: writes N hellos, checks the streams-app knows them, writes N answer-sized records to a plain topic",
            "(the raw producer rate), then dispatches a broadcast and writes the N answers as fast as a producer can, and",
            "times until the outcome is read back. Then times requests naming 3 of the N nodes, one at a time. Prints",
            "answers/s, the raw records/s and their ratio, the 3-node request's p50, the JVM's peak heap during the",
            "broadcast (broker excluded: it runs in its own process) and the size of the streams-app's state after it.",
            "Broadcasts to the first N come first, until 1,000 answers are joined, and are not counted; each row also",
            "shows the exactly-once commits the broadcast took and the time their producers spent committing."
        })
public final class FanoutBenchCommand implements Callable<Integer> {

    @Option(
            names = "--nodes",
            split = ",",
            defaultValue = "10,1000,10000,100000",
            description = "Fan-outs to measure, comma-separated. Default: ${DEFAULT-VALUE}.")
    List<Integer> fanouts;

    @Option(
            names = "--named-samples",
            defaultValue = "40",
            description = "Requests naming 3 nodes timed after each fan-out. Default: ${DEFAULT-VALUE}.")
    int namedSamples;

    /** Answers joined before the measured rows (broadcasts to the first row's N), so no row pays for a cold JVM. */
    static final int WARMUP_ANSWERS = 1000;

    private final RunningParts running = new RunningParts();
    private Wire wire;

    @Override
    public Integer call() throws Exception {
        QuietLogs.bookkeeping();
        try (TempDirectory state = new TempDirectory("mgmt-bench-fanout-")) {
            System.out.println("Starting a broker, registry and streams-app ...");
            EmbeddedKafka kafka =
                    running.add(EmbeddedKafka.builder().stopOnJvmExit(false).start());
            RegistryServer registry =
                    running.add(RegistryServer.start(kafka.bootstrapServers(), BusConfig.DEFAULT_HOST, 0));
            BusConfig bus = new BusConfig(kafka.bootstrapServers(), registry.url(), "fanout.");
            BusTopics topics = BusProvisioning.ensure(bus);
            StreamsApp streams = running.add(StreamsApp.start(bus, DispatchSettings.defaults(), state.path()));
            wire = running.add(Wire.open(bus, topics));
            int first = fanouts.get(0);
            writeHellos(bus, topics, first);
            awaitKnown(bus, topics, first);
            int rounds = (WARMUP_ANSWERS + first - 1) / first;
            long warmStarted = System.nanoTime();
            for (int round = 0; round < rounds; round++) {
                broadcast(bus, topics, first, first);
            }
            System.out.printf(
                    "warm-up: %d broadcast(s) to %d nodes, not counted (%.0f ms)%n",
                    rounds, first, (System.nanoTime() - warmStarted) / 1e6);
            System.out.printf(
                    "%n%-8s %14s %14s %8s %10s %10s %8s %10s %13s %13s %10s%n",
                    "nodes",
                    "answers/s",
                    "raw records/s",
                    "ratio",
                    "outcome ms",
                    "closed ms",
                    "commits",
                    "txn ms",
                    "3 named p50",
                    "peak heap MB",
                    "state MB");
            int known = 0;
            for (int fanout : fanouts) {
                known = Math.max(known, fanout);
                writeHellos(bus, topics, known);
                awaitKnown(bus, topics, known);
                double raw = rawRecordsPerSecond(bus, fanout);
                HeapPeak.reset();
                StreamsApp.Commits before = streams.commits();
                Joined joined = broadcast(bus, topics, fanout, known);
                StreamsApp.Commits commits = streams.commits().since(before);
                long peakHeap = HeapPeak.bytes();
                DispatchOutcome outcome = joined.outcome();
                double seconds = joined.nanos() / 1e9;
                if (outcome.getSuccessCount() != fanout) {
                    throw new IllegalStateException("the broadcast closed " + outcome.getState() + " with "
                            + outcome.getSuccessCount() + " of " + fanout + " answers");
                }
                Latencies named = namedRequests(topics, known);
                System.out.printf(
                        "%-8d %,14.0f %,14.0f %7.0f%% %10.0f %10d %8d %10d %10.1f ms %13d %10.1f%n",
                        fanout,
                        fanout / seconds,
                        raw,
                        100 * fanout / seconds / raw,
                        seconds * 1000,
                        // When the streams-app closed it, from the request's issue (same host clock).
                        outcome.getClosedAt().toEpochMilli()
                                - outcome.getIssuedAt().toEpochMilli(),
                        commits.count(),
                        commits.time().toMillis(),
                        named.percentileMillis(50),
                        peakHeap >> 20,
                        sizeOf(state.path()) / 1e6);
            }
            return ExitCodes.OK;
        } finally {
            running.close();
        }
    }

    private static String node(int i) {
        return "syn-" + i;
    }

    static Map<String, Object> fastProducer(BusConfig bus) {
        Map<String, Object> props = bus.producerProperties();
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
        return props;
    }

    private void writeHellos(BusConfig bus, BusTopics topics, int count) {
        Instant now = Instant.now();
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(fastProducer(bus), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 1; i <= count; i++) {
                NodeHello hello = NodeHello.newBuilder()
                        .setNode(node(i))
                        .setInstance("synthetic")
                        .setStartedAt(now)
                        .setSentAt(now)
                        .setHeartbeatIntervalMs(Duration.ofHours(1).toMillis())
                        .build();
                producer.send(new ProducerRecord<>(
                        topics.hellos().name(),
                        topics.hellos().serializeKey(node(i)),
                        topics.hellos().serializeValue(hello)));
            }
        }
    }

    /** Waits until a broadcast would wait for all {@code count} synthetic nodes (the streams-app knows them all). */
    private void awaitKnown(BusConfig bus, BusTopics topics, int count) throws Exception {
        for (int attempt = 0; attempt < 120; attempt++) {
            // Unique per run: a closed reqid is remembered, so a probe sent again would never close.
            String reqid = "probe-" + count + "-" + attempt + "-" + System.nanoTime();
            NodeDispatchRequest probe = request(reqid, List.of(), Duration.ofMillis(100));
            DispatchOutcome outcome = send(topics, probe, List.of()).outcome();
            if (outcome.getTargetedCount() >= count) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the streams-app never learned of " + count + " synthetic nodes");
    }

    /** An outcome, and the time from the first record sent to the outcome read back. */
    private record Joined(DispatchOutcome outcome, long nanos) {}

    private Joined broadcast(BusConfig bus, BusTopics topics, int fanout, int known) throws Exception {
        String reqid = "broadcast-" + fanout + "-" + System.nanoTime();
        List<String> targets = fanout == known
                ? List.of()
                : Stream.iterate(1, i -> i + 1)
                        .limit(fanout)
                        .map(FanoutBenchCommand::node)
                        .toList();
        List<NodeDispatchResponse> answers = Stream.iterate(1, i -> i + 1)
                .limit(fanout)
                .map(i -> NodeDispatchResponse.newBuilder()
                        .setReqid(reqid)
                        .setResult(Results.success(reqid, node(i), "synthetic", "\"pong\""))
                        .setRespondedAt(Instant.now())
                        .build())
                .toList();
        // Issued once the answers are built, as they are sent: building them is not the join's time.
        NodeDispatchRequest request = request(reqid, targets, Duration.ofMinutes(5));
        return send(topics, request, answers);
    }

    /**
     * Requests naming 3 of the {@code known} nodes, one at a time, each answered by its 3 nodes:
     * what a targeted request costs when the node table is large (it looks up the 3 names, never
     * the whole table).
     */
    private Latencies namedRequests(BusTopics topics, int known) throws Exception {
        Latencies latencies = new Latencies("3 named among " + known);
        long started = System.nanoTime();
        for (int i = 0; i < namedSamples; i++) {
            String reqid = "named-" + known + "-" + i + "-" + System.nanoTime();
            List<String> names = List.of(node(1 + i % known), node(1 + (i + known / 2) % known), node(known));
            List<NodeDispatchResponse> answers = names.stream()
                    .distinct()
                    .map(name -> NodeDispatchResponse.newBuilder()
                            .setReqid(reqid)
                            .setResult(Results.success(reqid, name, "synthetic", "\"pong\""))
                            .setRespondedAt(Instant.now())
                            .build())
                    .toList();
            latencies.add(send(topics, request(reqid, names, Duration.ofMinutes(1)), answers)
                    .nanos());
        }
        return latencies.finishedAfter(System.nanoTime() - started);
    }

    private static NodeDispatchRequest request(String reqid, List<String> nodes, Duration timeout) {
        Instant now = Instant.now();
        return NodeDispatchRequest.newBuilder()
                .setReqid(reqid)
                .setAction(List.of("ping"))
                .setNodes(nodes)
                .setIssuedAt(now)
                .setDeadline(now.plus(timeout))
                .setRequester("bench")
                .build();
    }

    /** The bench's own producer and outcome reader, created once so no run pays for their start. */
    private record Wire(KafkaProducer<byte[], byte[]> producer, KafkaConsumer<String, DispatchOutcome> outcomes)
            implements AutoCloseable {

        static Wire open(BusConfig bus, BusTopics topics) {
            Map<String, Object> consumerProps = bus.historyReaderProperties("mgmt-bench-fanout");
            KafkaConsumer<String, DispatchOutcome> consumer = new KafkaConsumer<>(
                    consumerProps,
                    topics.outcomes().keySerde().deserializer(),
                    topics.outcomes().valueSerde().deserializer());
            TopicPartition partition = new TopicPartition(topics.outcomes().name(), 0);
            consumer.assign(List.of(partition));
            consumer.seekToEnd(List.of(partition));
            consumer.position(partition);
            KafkaProducer<byte[], byte[]> producer =
                    new KafkaProducer<>(fastProducer(bus), new ByteArraySerializer(), new ByteArraySerializer());
            producer.partitionsFor(topics.requests().name());
            producer.partitionsFor(topics.responses().name());
            return new Wire(producer, consumer);
        }

        @Override
        public void close() {
            producer.close();
            outcomes.close();
        }
    }

    /** Writes the request to partition 0, then the answers there too, and reads the outcome back. */
    private Joined send(BusTopics topics, NodeDispatchRequest request, List<NodeDispatchResponse> answers)
            throws Exception {
        KafkaProducer<byte[], byte[]> producer = wire.producer();
        KafkaConsumer<String, DispatchOutcome> consumer = wire.outcomes();
        String reqid = request.getReqid();
        List<byte[]> encoded =
                answers.stream().map(a -> topics.responses().serializeValue(a)).toList();
        byte[] key = topics.responses().serializeKey(reqid);
        long started = System.nanoTime();
        producer.send(new ProducerRecord<>(
                topics.requests().name(),
                0,
                topics.requests().serializeKey(reqid),
                topics.requests().serializeValue(request)));
        for (byte[] answer : encoded) {
            producer.send(new ProducerRecord<>(topics.responses().name(), 0, key, answer));
        }
        producer.flush();
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, DispatchOutcome> record : consumer.poll(Duration.ofMillis(100))) {
                if (reqid.equals(record.key())) {
                    return new Joined(record.value(), System.nanoTime() - started);
                }
            }
        }
        throw new IllegalStateException("no outcome for " + reqid + " within 5 minutes");
    }

    /** How fast one producer writes {@code count} records of an answer's size to a plain topic. */
    private double rawRecordsPerSecond(BusConfig bus, int count) throws Exception {
        String topic = "fanout.raw-records";
        try (Admin admin = Admin.create(bus.clientProperties())) {
            new TopicProvisioner(admin).ensure(List.of(new TopicSpec(topic, 1, Map.of())));
        }
        byte[] payload = new byte[120];
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(fastProducer(bus), new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.partitionsFor(topic); // metadata first: the clock starts at the first send
            long started = System.nanoTime();
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, 0, null, payload));
            }
            producer.flush();
            return count / ((System.nanoTime() - started) / 1e9);
        }
    }

    private static long sizeOf(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(p -> p.toFile().length())
                    .sum();
        }
    }
}
