package io.mgmtbus.harness.bench;

import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.groups.ConsumerGroups;
import io.mgmtbus.contracts.topics.BusProvisioning;
import io.mgmtbus.contracts.topics.BusTopics;
import io.mgmtbus.embedded.EmbeddedKafka;
import io.mgmtbus.events.NodeDispatchRequest;
import io.mgmtbus.history.audit.AuditFilter;
import io.mgmtbus.history.audit.AuditJson;
import io.mgmtbus.history.audit.AuditScan;
import io.mgmtbus.history.audit.AuditTopic;
import io.mgmtbus.launcher.ExitCodes;
import io.mgmtbus.launcher.QuietLogs;
import io.mgmtbus.launcher.RunningParts;
import io.mgmtbus.launcher.TempDirectory;
import io.mgmtbus.launcher.audit.TerminalProgress;
import io.mgmtbus.registry.RegistryServer;
import io.mgmtbus.streams.DispatchSettings;
import io.mgmtbus.streams.StreamsApp;
import io.mgmtbus.topics.ReadProgress;
import io.mgmtbus.topics.TopicRange;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mgmt bench history}: how fast the audit reads a large history, next to a plain consumer
 * reading the same topics in the same run. Generates the history quickly (a producer writes the
 * requests, the streams-app closes each at once: no node is known, so each broadcast expects
 * nobody), then times a full scan, a time range, a reqid lookup through the index and without
 * it, and an action filter.
 */
@Command(
        name = "history",
        mixinStandardHelpOptions = true,
        description = {
            "Benchmark audit queries over a generated history on a fresh embedded broker.",
            "Writes --requests requests with a producer (1 in 10 is a ping, the rest get_id_value); the streams-app",
            "writes an outcome and an index entry for each. Then times, next to a raw consumer reading the same topics:",
            "a full scan, the last 30% by --since, a reqid lookup through the index, the same lookup for a reqid the",
            "index does not know over the whole history, and --action ping. Each query formats every event as JSON",
            "(as audit -o json does) and discards it."
        })
public final class HistoryBenchCommand implements Callable<Integer> {

    @Option(
            names = "--requests",
            defaultValue = "1000000",
            description = "Requests to generate (each also gets an outcome). Default: ${DEFAULT-VALUE}.")
    int requests;

    private final RunningParts running = new RunningParts();

    @Override
    public Integer call() throws Exception {
        if (requests < 10) {
            throw new IllegalArgumentException("--requests must be at least 10");
        }
        QuietLogs.bookkeeping();
        try (TempDirectory state = new TempDirectory("mgmt-bench-history-")) {
            System.out.println("Starting a broker, registry and streams-app ...");
            EmbeddedKafka kafka =
                    running.add(EmbeddedKafka.builder().stopOnJvmExit(false).start());
            RegistryServer registry =
                    running.add(RegistryServer.start(kafka.bootstrapServers(), BusConfig.DEFAULT_HOST, 0));
            BusConfig bus = new BusConfig(kafka.bootstrapServers(), registry.url(), "history.");
            BusTopics topics = BusProvisioning.ensure(bus);
            StreamsApp streams = running.add(StreamsApp.start(bus, DispatchSettings.defaults(), state.path()));
            Generated history = generate(bus, topics);
            awaitClosed(bus, topics, streams);
            streams.close(); // the queries get both cores
            measure(bus, topics, history);
            return ExitCodes.OK;
        } finally {
            running.close();
        }
    }

    /** What the generator wrote: the instant 70% of the requests were written, and the reqid in the middle. */
    private record Generated(Instant seventyPercent, String middleReqid) {}

    private Generated generate(BusConfig bus, BusTopics topics) {
        Map<String, Object> props = bus.producerProperties();
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        Instant seventy = null;
        long started = System.nanoTime();
        try (KafkaProducer<String, NodeDispatchRequest> producer = new KafkaProducer<>(
                        props,
                        topics.requests().keySerde().serializer(),
                        topics.requests().valueSerde().serializer());
                TerminalProgress progress = new TerminalProgress("writing requests")) {
            progress.started(requests);
            for (int i = 0; i < requests; i++) {
                String reqid = reqid(i);
                Instant now = Instant.now();
                producer.send(topics.requests()
                        .record(
                                reqid,
                                NodeDispatchRequest.newBuilder()
                                        .setReqid(reqid)
                                        .setAction(i % 10 == 0 ? List.of("ping") : List.of("get_id_value", "version"))
                                        .setNodes(List.of())
                                        .setIssuedAt(now)
                                        .setDeadline(now.plusSeconds(60))
                                        .setRequester("bench")
                                        .build()));
                if (i == requests * 7 / 10) {
                    producer.flush();
                    seventy = Instant.now();
                }
                if (i % 10_000 == 0) {
                    progress.read(i == 0 ? 1 : 10_000);
                }
            }
            producer.flush();
        }
        System.out.printf("wrote %,d requests in %.1f s%n", requests, (System.nanoTime() - started) / 1e9);
        return new Generated(seventy, reqid(requests / 2));
    }

    private static String reqid(int i) {
        return String.format("history-%08d", i);
    }

    /** Waits until the streams-app has committed past every request (each closed, outcome and index entry written). */
    private void awaitClosed(BusConfig bus, BusTopics topics, StreamsApp streams) throws Exception {
        long started = System.nanoTime();
        try (Admin admin = Admin.create(bus.clientProperties());
                TerminalProgress progress = new TerminalProgress("closing requests")) {
            progress.started(requests);
            long done = 0;
            while (done < requests) {
                Thread.sleep(500);
                if (streams.failure().isDone()) {
                    throw new IllegalStateException(
                            "the streams-app failed: " + streams.failure().get());
                }
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(
                                ConsumerGroups.streamsApp(topics))
                        .partitionsToOffsetAndMetadata()
                        .get();
                long now = committed.entrySet().stream()
                        .filter(e -> e.getKey().topic().equals(topics.requests().name()) && e.getValue() != null)
                        .mapToLong(e -> e.getValue().offset())
                        .sum();
                progress.read(now - done);
                done = now;
            }
        }
        System.out.printf(
                "the streams-app closed them (outcomes and index entries) in %.1f s%n",
                (System.nanoTime() - started) / 1e9);
    }

    private void measure(BusConfig bus, BusTopics topics, Generated history) {
        System.out.println();
        System.out.printf("%-52s %12s %12s %9s %14s%n", "query", "read", "shown", "seconds", "records read/s");
        Figure raw =
                raw(bus, List.of(topics.requests().name(), topics.outcomes().name()));
        System.out.println(raw.row("raw consumer, requests + outcomes (no decoding)"));
        Figure full = audit(bus, topics, filter(null, null, null));
        System.out.println(full.row("audit, everything"));
        System.out.println(audit(bus, topics, filter(null, null, history.seventyPercent()))
                .row("audit --since T (T: 70% of requests written)"));
        System.out.println(audit(bus, topics, filter(history.middleReqid(), null, null))
                .row("audit --reqid (read: the window the index names)"));
        System.out.println(audit(bus, topics, filter("not-indexed", null, Instant.EPOCH))
                .row("audit --reqid not in the index --since 1970"));
        System.out.println(audit(bus, topics, filter(null, "ping", null)).row("audit --action ping (two passes)"));
        System.out.printf(
                "%naudit full scan / raw consumer: %.0f%% of the raw records/s (decoding Avro and formatting JSON)%n",
                100.0 * full.perSecond() / raw.perSecond());
    }

    private static AuditFilter filter(String reqid, String action, Instant since) {
        return new AuditFilter(
                reqid, null, action, null, null, EnumSet.of(AuditTopic.REQUESTS, AuditTopic.OUTCOMES), since, null);
    }

    /** One query's figures. */
    private record Figure(long read, long shown, double seconds) {
        double perSecond() {
            return read / seconds;
        }

        String row(String query) {
            return String.format("%-52s %,12d %,12d %9.2f %,14.0f", query, read, shown, seconds, perSecond());
        }
    }

    private static Figure audit(BusConfig bus, BusTopics topics, AuditFilter filter) {
        AtomicLong read = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        ReadProgress counting = new ReadProgress() {
            @Override
            public void started(long records) {}

            @Override
            public void read(long records) {
                read.addAndGet(records);
            }
        };
        long started = System.nanoTime();
        long shown;
        try (AuditScan scan = new AuditScan(bus, topics)) {
            shown = scan.run(
                    filter,
                    false,
                    event -> bytes.addAndGet(AuditJson.line(event).length()),
                    counting);
        }
        return new Figure(read.get(), shown, (System.nanoTime() - started) / 1e9);
    }

    private static Figure raw(BusConfig bus, List<String> names) {
        Map<String, Object> props = bus.rangeReaderProperties("mgmt-bench-raw");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        long started = System.nanoTime();
        long read = 0;
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = names.stream()
                    .flatMap(name ->
                            consumer.partitionsFor(name).stream().map(p -> new TopicPartition(name, p.partition())))
                    .collect(Collectors.toList());
            long[] count = {0};
            TopicRange.read(
                    consumer,
                    consumer.beginningOffsets(partitions),
                    consumer.endOffsets(partitions),
                    ReadProgress.NONE,
                    record -> count[0]++);
            read = count[0];
        }
        return new Figure(read, 0, (System.nanoTime() - started) / 1e9);
    }
}
