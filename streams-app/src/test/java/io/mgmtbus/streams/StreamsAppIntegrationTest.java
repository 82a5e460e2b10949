package io.mgmtbus.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.deadletter.DeadLetter;
import io.mgmtbus.contracts.dispatch.Results;
import io.mgmtbus.contracts.topics.BusTopics;
import io.mgmtbus.contracts.topics.Topic;
import io.mgmtbus.events.DispatchOutcome;
import io.mgmtbus.events.NodeDispatchRequest;
import io.mgmtbus.events.NodeDispatchResponse;
import io.mgmtbus.events.NodeHello;
import io.mgmtbus.events.OutcomeState;
import io.mgmtbus.events.Result;
import io.mgmtbus.node.ManagedNode;
import io.mgmtbus.streams.outcome.Outcomes;
import io.mgmtbus.testkit.TestBus;
import io.mgmtbus.testkit.TopicRecorder;
import io.mgmtbus.testkit.TopicWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The streams-app with real nodes on a real broker, including a restart in the middle of traffic. */
@Tag("slow")
class StreamsAppIntegrationTest {

    private static final List<String> NODES = List.of("worker-01", "worker-02", "manager");

    private final BusConfig bus = TestBus.shared().newBus();
    private final BusTopics topics = new BusTopics(bus);
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    @Test
    void everyRequestGetsExactlyOneCorrectOutcomeAcrossARestart() throws Exception {
        NODES.forEach(
                name -> open.add(ManagedNode.builder(bus, name).instance("it").start()));
        Path stateDir = Files.createTempDirectory("streams-it");
        StreamsApp app = StreamsApp.start(bus, DispatchSettings.defaults(), stateDir);
        awaitNodeTable();

        try (TopicWriter<String, NodeDispatchRequest> requests = new TopicWriter<>(bus, topics.requests());
                TopicRecorder<String, DispatchOutcome> outcomes = new TopicRecorder<>(bus, topics.outcomes())) {
            List<String> reqids = new ArrayList<>();
            reqids.addAll(send(requests, "before", 15, List.of()));
            reqids.addAll(send(requests, "subset", 5, List.of("worker-02", "ghost")));
            outcomes.until(seen -> seen.size() >= 20, Duration.ofSeconds(60));

            reqids.addAll(send(requests, "inflight", 15, List.of()));
            app.close(); // mid-flight: some of these are open, some not yet read
            reqids.addAll(send(requests, "down", 10, List.of("manager")));
            app = StreamsApp.start(
                    bus,
                    DispatchSettings.defaults(),
                    Files.createTempDirectory("streams-it-2")); // restore from changelog
            open.add(app);

            outcomes.until(
                    seen -> seen.stream()
                                    .filter(r -> !r.key().startsWith("probe-"))
                                    .count()
                            >= reqids.size(),
                    Duration.ofSeconds(90));
            List<ConsumerRecord<String, DispatchOutcome>> all =
                    outcomes.during(Duration.ofSeconds(2)); // and nothing more arrives
            Map<String, List<DispatchOutcome>> byReqid = all.stream()
                    .filter(r -> !r.key().startsWith("probe-"))
                    .collect(Collectors.groupingBy(
                            ConsumerRecord::key, Collectors.mapping(ConsumerRecord::value, Collectors.toList())));
            assertThat(byReqid.keySet()).containsExactlyInAnyOrderElementsOf(reqids);
            assertThat(byReqid.values())
                    .allSatisfy(
                            list -> assertThat(list).as("one outcome per reqid").hasSize(1));
            byReqid.forEach((reqid, list) -> assertCorrect(reqid, list.get(0)));
        }
    }

    @Test
    void undecodableRecordsGoToTheDeadLetterTopicOnARealBroker() throws Exception {
        open.add(StreamsApp.start(bus, DispatchSettings.defaults(), Files.createTempDirectory("streams-dlq")));
        try (TopicWriter<byte[], byte[]> raw = new TopicWriter<>(
                        bus, new Topic<>(topics.responses().name(), Serdes.ByteArray(), Serdes.ByteArray()));
                TopicRecorder<byte[], byte[]> dlq = new TopicRecorder<>(bus, topics.deadLetter())) {
            raw.send("r-bad".getBytes(), new byte[] {0, 0, 0, 0x7f, 0x7f, 1});
            ConsumerRecord<byte[], byte[]> dead =
                    dlq.atLeast(1, Duration.ofSeconds(60)).get(0);
            assertThat(new String(dead.key())).isEqualTo("r-bad");
            assertThat(DeadLetter.header(dead.headers(), DeadLetter.SOURCE_TOPIC))
                    .isEqualTo(topics.responses().name());
            assertThat(DeadLetter.header(dead.headers(), DeadLetter.REASON))
                    .isEqualTo("undecodable record: unknown schema id 32639 on "
                            + topics.responses().name() + ": the registry has no such schema");
        }
    }

    @Test
    void aBroadcastToThousandsOfNodesStaysWithinKafkasRecordLimitsAndNamesItsErrors() throws Exception {
        int fanOut = 6000;
        // ~250 bytes per Result: one state record or outcome holding all 6,000 would be 1.5 MB, past Kafka's 1 MB
        // default.
        String payload = "\"" + "x".repeat(200) + "\"";
        open.add(StreamsApp.start(bus, DispatchSettings.defaults(), Files.createTempDirectory("streams-fanout")));
        try (TopicWriter<String, NodeHello> hellos = new TopicWriter<>(bus, topics.hellos());
                TopicWriter<String, NodeDispatchRequest> requests = new TopicWriter<>(bus, topics.requests());
                TopicWriter<String, NodeDispatchResponse> responses = new TopicWriter<>(bus, topics.responses());
                TopicRecorder<String, DispatchOutcome> outcomes = new TopicRecorder<>(bus, topics.outcomes())) {
            Instant now = Instant.now();
            for (int i = 0; i < fanOut; i++) {
                String node = String.format("fleet-node-%05d", i);
                hellos.sendAsync(
                        node,
                        NodeHello.newBuilder()
                                .setNode(node)
                                .setInstance("rack-" + (i % 40))
                                .setActions(List.of("ping"))
                                .setStartedAt(now)
                                .setSentAt(now)
                                .setHeartbeatIntervalMs(60_000)
                                .build());
            }
            hellos.flush();
            Thread.sleep(2000); // the global node table reads the hellos
            requests.send(
                    "wide",
                    NodeDispatchRequest.newBuilder()
                            .setReqid("wide")
                            .setAction(List.of("get_id_value", "Cluster::node"))
                            .setIssuedAt(Instant.now())
                            .setDeadline(Instant.now().plusSeconds(120))
                            .build());
            String failing = String.format("fleet-node-%05d", fanOut - 1); // last in node-name order
            for (int i = 0; i < fanOut; i++) {
                String node = String.format("fleet-node-%05d", i);
                responses.sendAsync(
                        "wide",
                        NodeDispatchResponse.newBuilder()
                                .setReqid("wide")
                                .setResult(
                                        node.equals(failing)
                                                ? Results.error("wide", node, "rack", "disk full")
                                                : Results.success("wide", node, "rack", payload))
                                .setRespondedAt(Instant.now())
                                .build());
            }
            responses.flush();

            DispatchOutcome outcome =
                    outcomes.atLeast(1, Duration.ofSeconds(120)).get(0).value();
            assertThat(outcome.getState()).isEqualTo(OutcomeState.COMPLETE);
            assertThat(outcome.getSuccessCount()).isEqualTo(fanOut - 1);
            assertThat(outcome.getErrorCount()).isEqualTo(1);
            assertThat(outcome.getTargetedCount()).isEqualTo(fanOut);
            assertThat(outcome.getResultsTruncated()).isTrue();
            assertThat(outcome.getResults()).hasSize(Outcomes.MAX_RESULTS);
            // The cut keeps errors first: the one failed node is named although it sorts last.
            assertThat(outcome.getResults().get(0).getNode()).isEqualTo(failing);
            assertThat(outcome.getResults().get(0).getError()).isEqualTo("disk full");
            assertThat(outcome.getTargeted()).hasSize(Outcomes.MAX_RESULTS);
        }
    }

    private void assertCorrect(String reqid, DispatchOutcome outcome) {
        assertThat(outcome.getState()).as(reqid).isEqualTo(OutcomeState.COMPLETE);
        Map<String, Result> results =
                outcome.getResults().stream().collect(Collectors.toMap(Result::getNode, Function.identity()));
        if (reqid.startsWith("subset")) {
            assertThat(outcome.getTargeted()).containsExactly("worker-02");
            assertThat(results.get("worker-02").getData()).isEqualTo("\"worker-02\"");
            assertThat(results.get("ghost").getError()).isEqualTo("unknown cluster node");
        } else if (reqid.startsWith("down")) {
            assertThat(outcome.getTargeted()).containsExactly("manager");
            assertThat(results.get("manager").getData()).isEqualTo("\"manager\"");
        } else {
            assertThat(results.keySet()).containsExactlyInAnyOrderElementsOf(NODES);
            results.forEach((node, r) -> assertThat(r.getData()).isEqualTo("\"" + node + "\""));
        }
    }

    private static List<String> send(
            TopicWriter<String, NodeDispatchRequest> writer, String prefix, int count, List<String> nodes) {
        List<String> reqids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String reqid = prefix + "-" + i;
            writer.send(
                    reqid,
                    NodeDispatchRequest.newBuilder()
                            .setReqid(reqid)
                            .setAction(List.of("get_id_value", "Cluster::node"))
                            .setNodes(nodes)
                            .setIssuedAt(Instant.now())
                            .setDeadline(Instant.now().plusSeconds(60))
                            .build());
            reqids.add(reqid);
        }
        return reqids;
    }

    /** A probe request answered by all three proves the streams-app's node table holds them. */
    private void awaitNodeTable() {
        try (TopicWriter<String, NodeDispatchRequest> requests = new TopicWriter<>(bus, topics.requests());
                TopicRecorder<String, DispatchOutcome> outcomes = new TopicRecorder<>(bus, topics.outcomes())) {
            for (int attempt = 0; attempt < 20; attempt++) {
                String reqid = "probe-" + attempt;
                send(requests, "probe-" + attempt + "-", 1, List.of());
                var seen = outcomes.until(
                        s -> s.stream().anyMatch(r -> r.key().startsWith(reqid)), Duration.ofSeconds(15));
                if (seen.stream()
                        .anyMatch(r -> r.key().startsWith(reqid)
                                && r.value().getTargeted().size() == NODES.size())) {
                    return;
                }
            }
            throw new AssertionError("the streams-app never saw all nodes");
        }
    }
}
