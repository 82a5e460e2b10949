package io.mgmtbus.system.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.mgmtbus.contracts.deadletter.DeadLetter;
import io.mgmtbus.contracts.dispatch.Results;
import io.mgmtbus.events.DispatchCancel;
import io.mgmtbus.events.NodeDispatchRequest;
import io.mgmtbus.events.NodeDispatchResponse;
import io.mgmtbus.system.BadRecords;
import io.mgmtbus.system.ForeignPartitioners;
import io.mgmtbus.system.Http;
import io.mgmtbus.system.LiveBus;
import io.mgmtbus.testkit.TopicRecorder;
import io.mgmtbus.testkit.TopicWriter;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Hostile input while the bus works: 1,600 bad records of every kind spread over requests,
 * responses, cancels and hellos while dispatches run. Nothing may stop: every dispatch completes, the
 * streams-app, agent and nodes still run, and every bad record is in the dead-letter topic with
 * its source coordinates, once per component that reads its topic.
 */
@Tag("slow")
class HostileInputTest {

    private static final int PER_TOPIC = 400;
    private static final String STREAMS_APP = "streams-app";

    @Test
    void aThousandBadRecordsStopNothingAndEachIsDeadLettered() throws Exception {
        try (LiveBus bus = LiveBus.start()) {
            bus.startAgent();
            CompletableFuture<List<String>> dispatches = CompletableFuture.supplyAsync(() -> dispatch(bus, 30));
            Map<String, Set<String>> bad = writeBadRecords(bus);
            List<String> reqids = dispatches.get();

            int expectedStreams = 4 * PER_TOPIC;
            Map<String, Set<String>> deadByComponent = deadLetters(bus, expectedStreams + 3 * PER_TOPIC);
            Set<String> badEverywhere = new HashSet<>();
            bad.values().forEach(badEverywhere::addAll);
            assertThat(deadByComponent.get(STREAMS_APP))
                    .as("dead-lettered by the streams-app")
                    .hasSize(expectedStreams)
                    .containsExactlyInAnyOrderElementsOf(badEverywhere);
            for (String node : LiveBus.NODES) {
                assertThat(deadByComponent.get("node-client/" + node))
                        .as("dead-lettered by " + node)
                        .containsExactlyInAnyOrderElementsOf(
                                bad.get(bus.topics.requests().name()));
            }
            assertThat(deadByComponent.keySet())
                    .containsExactlyInAnyOrder(
                            STREAMS_APP, "node-client/worker-01", "node-client/worker-02", "node-client/manager");

            bus.exactlyOneOutcomeEach(reqids, Duration.ofSeconds(60))
                    .forEach((reqid, r) -> LiveBus.assertCorrect(reqid, r.value()));
            assertEverythingStillRuns(bus);
            String metrics = Http.get(bus.agent.url() + "/metrics").body();
            for (String topic : List.of(
                    bus.topics.requests().name(),
                    bus.topics.responses().name(),
                    bus.topics.hellos().name())) {
                assertThat(metrics)
                        .as("the agent's view skipped bad records of %s without dying", topic)
                        .containsPattern("mgmt_agent_view_skipped_records_total\\{topic=\"" + topic.replace(".", "\\.")
                                + "\"\\} [1-9]");
            }
        }
    }

    /** Valid dispatches of the three kinds, placed at random partitions, while the bad records go in. */
    private static List<String> dispatch(LiveBus bus, int count) {
        Map<String, Object> props = bus.config.clientProperties();
        props.put(ProducerConfig.PARTITIONER_CLASS_CONFIG, ForeignPartitioners.RandomPartitioner.class);
        List<String> reqids = new ArrayList<>();
        try (KafkaProducer<String, NodeDispatchRequest> producer = new KafkaProducer<>(
                props,
                bus.topics.requests().keySerde().serializer(),
                bus.topics.requests().valueSerde().serializer())) {
            for (int i = 0; i < count; i++) {
                String reqid = LiveBus.KINDS.get(i % LiveBus.KINDS.size()) + "amid-fuzz-" + i;
                producer.send(bus.topics.requests().record(reqid, LiveBus.requestOfKind(reqid)));
                reqids.add(reqid);
                sleep(100);
            }
        }
        return reqids;
    }

    /**
     * Writes {@value #PER_TOPIC} bad records to each of requests, responses, hellos and cancels;
     * returns their coordinates by topic.
     */
    private static Map<String, Set<String>> writeBadRecords(LiveBus bus) throws Exception {
        Instant now = Instant.now();
        String requests = bus.topics.requests().name();
        String responses = bus.topics.responses().name();
        String hellos = bus.topics.hellos().name();
        String cancels = bus.topics.cancels().name();
        byte[] validCancel = bus.topics
                .cancels()
                .serializeValue(DispatchCancel.newBuilder()
                        .setReqid("fuzz")
                        .setRequestedAt(now)
                        .build());
        byte[] validRequest = bus.topics.requests().serializeValue(LiveBus.request("fuzz", List.of(), "ping"));
        byte[] validResponse = bus.topics
                .responses()
                .serializeValue(NodeDispatchResponse.newBuilder()
                        .setReqid("fuzz")
                        .setResult(Results.success("fuzz", "fuzz-node", null, "1"))
                        .setRespondedAt(now)
                        .build());
        byte[] validHello = bus.encodedHello("fuzz-node");
        BadRecords records = new BadRecords(42);
        List<CompletableFuture<RecordMetadata>> sent = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                bus.config.clientProperties(), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < PER_TOPIC; i++) {
                sent.add(send(producer, records.of(records.kind(i), requests, "fuzz", validRequest, false)));
                sent.add(send(producer, records.of(records.kind(i), responses, "fuzz", validResponse, false)));
                sent.add(send(producer, records.of(records.kind(i), hellos, "fuzz-node", validHello, true)));
                sent.add(send(producer, records.of(records.kind(i), cancels, "fuzz", validCancel, false)));
            }
        }
        Map<String, Set<String>> byTopic = new HashMap<>();
        for (CompletableFuture<RecordMetadata> future : sent) {
            RecordMetadata m = future.get();
            byTopic.computeIfAbsent(m.topic(), t -> new HashSet<>())
                    .add(m.topic() + "-" + m.partition() + "@" + m.offset());
        }
        return byTopic;
    }

    private static CompletableFuture<RecordMetadata> send(
            KafkaProducer<byte[], byte[]> producer, ProducerRecord<byte[], byte[]> record) {
        CompletableFuture<RecordMetadata> future = new CompletableFuture<>();
        producer.send(record, (metadata, error) -> {
            if (error != null) {
                future.completeExceptionally(error);
            } else {
                future.complete(metadata);
            }
        });
        return future;
    }

    /** Source coordinates of every dead letter, by the component that wrote it, once {@code expected} have arrived. */
    private static Map<String, Set<String>> deadLetters(LiveBus bus, int expected) {
        try (TopicRecorder<byte[], byte[]> tail = new TopicRecorder<>(bus.config, bus.topics.deadLetter())) {
            tail.atLeast(expected, Duration.ofSeconds(120));
            List<ConsumerRecord<byte[], byte[]>> all = tail.during(Duration.ofSeconds(2));
            assertThat(all)
                    .as("dead letters (no more than one per bad record and component)")
                    .hasSize(expected);
            return all.stream()
                    .collect(Collectors.groupingBy(
                            r -> DeadLetter.header(r.headers(), DeadLetter.COMPONENT),
                            Collectors.mapping(
                                    r -> DeadLetter.header(r.headers(), DeadLetter.SOURCE_TOPIC) + "-"
                                            + DeadLetter.header(r.headers(), DeadLetter.SOURCE_PARTITION) + "@"
                                            + DeadLetter.header(r.headers(), DeadLetter.SOURCE_OFFSET),
                                    Collectors.toSet())));
        }
    }

    /** The streams-app runs, the agent says healthy, and every node still answers. */
    static void assertEverythingStillRuns(LiveBus bus) throws Exception {
        assertThat(bus.streams.failure()).isNotDone();
        assertThat(bus.streams.state().name()).isEqualTo("RUNNING");
        HttpResponse<String> health = Http.get(bus.agent.url() + "/health");
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"ok\"");
        String reqid = "all-after-" + System.nanoTime();
        try (var requests = new TopicWriter<>(bus.config, bus.topics.requests())) {
            requests.send(reqid, LiveBus.requestOfKind(reqid));
        }
        LiveBus.assertCorrect(
                reqid,
                bus.exactlyOneOutcomeEach(List.of(reqid), Duration.ofSeconds(30))
                        .get(reqid)
                        .value());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
