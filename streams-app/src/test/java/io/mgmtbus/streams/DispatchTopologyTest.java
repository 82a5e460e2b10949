package io.mgmtbus.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.deadletter.DeadLetter;
import io.mgmtbus.contracts.dispatch.Results;
import io.mgmtbus.contracts.topics.BusTopics;
import io.mgmtbus.events.DispatchOutcome;
import io.mgmtbus.events.NodeDispatchRequest;
import io.mgmtbus.events.NodeDispatchResponse;
import io.mgmtbus.events.NodeHello;
import io.mgmtbus.events.OutcomeState;
import io.mgmtbus.events.RequestLocation;
import io.mgmtbus.events.Result;
import io.mgmtbus.schemas.registry.InMemorySchemaRegistryClient;
import io.mgmtbus.streams.state.DispatchMember;
import io.mgmtbus.streams.state.PendingDispatch;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bookkeeping rules of the dispatch topology, driven record by record with wall-clock control. */
class DispatchTopologyTest {

    private final String scope = "topology-" + UUID.randomUUID();
    private final BusConfig bus = new BusConfig("dummy:9092", "mock://" + scope, "");
    private final BusTopics topics = new BusTopics(bus);
    private TopologyTestDriver driver;
    private TestInputTopic<String, NodeHello> hellos;
    private TestInputTopic<String, NodeDispatchRequest> requests;
    private TestInputTopic<String, NodeDispatchResponse> responses;
    private TestOutputTopic<String, DispatchOutcome> outcomes;

    @BeforeEach
    void start() throws Exception {
        var topology = DispatchTopology.build(topics, bus.schemaRegistry(), DispatchSettings.defaults());
        driver = new TopologyTestDriver(
                topology, StreamsApp.properties(bus, topics, Files.createTempDirectory("topology-test")));
        hellos = driver.createInputTopic(
                topics.hellos().name(),
                new StringSerializer(),
                topics.hellos().valueSerde().serializer());
        requests = driver.createInputTopic(
                topics.requests().name(),
                new StringSerializer(),
                topics.requests().valueSerde().serializer());
        responses = driver.createInputTopic(
                topics.responses().name(),
                new StringSerializer(),
                topics.responses().valueSerde().serializer());
        outcomes = driver.createOutputTopic(
                topics.outcomes().name(),
                topics.outcomes().keySerde().deserializer(),
                topics.outcomes().valueSerde().deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
        InMemorySchemaRegistryClient.dropScope(scope);
    }

    @Test
    void allNodesDispatchCompletesWhenEveryKnownNodeAnswered() {
        hello("worker-01", "worker-02", "manager");
        request("r1", List.of());
        answer("r1", "worker-02");
        answer("r1", "manager");
        assertThat(outcomes.isEmpty()).as("still waiting for worker-01").isTrue();
        answer("r1", "worker-01");

        DispatchOutcome outcome = single();
        assertThat(outcome.getState()).isEqualTo(OutcomeState.COMPLETE);
        assertThat(outcome.getTargeted()).containsExactly("manager", "worker-01", "worker-02");
        assertThat(outcome.getResults())
                .extracting(Result::getNode)
                .containsExactly("manager", "worker-01", "worker-02");
        assertThat(outcome.getSuccessCount()).isEqualTo(3);
        assertThat(outcome.getErrorCount()).isZero();
        assertThat(outcome.getAction()).containsExactly("get_id_value", "Cluster::node");
    }

    @Test
    void aBroadcastWritesAboutOneStateRecordPerAnswerNotOnePerNodeAtEachStep() {
        int fanOut = 2500;
        List<String> nodes = java.util.stream.IntStream.range(0, fanOut)
                .mapToObj(i -> String.format("node-%05d", i))
                .toList();
        hello(nodes.toArray(String[]::new));
        request("big", List.of());
        nodes.subList(0, fanOut - 1).forEach(node -> answer("big", node));
        assertThat(outcomes.isEmpty()).as("still waiting for the last node").isTrue();
        answer("big", nodes.get(fanOut - 1));

        assertThat(single().getSuccessCount()).isEqualTo(fanOut);
        // The test driver commits after every record, so the record cache coalesces only within one:
        // per answer one record and its delete at the close (the last answer is deleted in the commit
        // that wrote it, so only its delete is logged); per 1,000 roster names one and its delete.
        // (A record per node at the open, its answer and its delete made 3 x 2,500.)
        assertThat(changelogRecords("pending-dispatch-members")).isEqualTo(2 * fanOut - 1);
        assertThat(changelogRecords("pending-dispatch-rosters")).isEqualTo(2 * 3);
    }

    @Test
    void aBroadcastThatTimesOutNamesTheSilentNodesFromItsRoster() {
        List<String> nodes = java.util.stream.IntStream.range(0, 1500)
                .mapToObj(i -> String.format("node-%05d", i))
                .toList();
        hello(nodes.toArray(String[]::new));
        request("half", List.of());
        nodes.subList(0, 750).forEach(node -> answer("half", node));
        answer("half", "node-00001"); // a duplicate does not count twice
        driver.advanceWallClockTime(DispatchSettings.defaults().defaultTimeout().plusSeconds(1));

        DispatchOutcome outcome = single();
        assertThat(outcome.getState()).isEqualTo(OutcomeState.TIMED_OUT);
        assertThat(outcome.getTargetedCount()).isEqualTo(1500);
        assertThat(outcome.getSuccessCount()).isEqualTo(750);
        assertThat(outcome.getErrorCount()).isEqualTo(750);
        assertThat(outcome.getResults())
                .filteredOn(r -> !r.getSuccess())
                .extracting(Result::getNode)
                .containsExactlyElementsOf(nodes.subList(750, 1500));
    }

    @Test
    void aRequestOpenedBeforeRostersExistedStillClosesOnItsAnswers() {
        hello("worker-01", "worker-02");
        // The state an earlier version left for an open request: a member record per expected node.
        NodeDispatchRequest request = ping("old");
        Instant now = Instant.now();
        driver.<String, PendingDispatch>getKeyValueStore("pending-dispatches")
                .put(
                        "old",
                        PendingDispatch.newBuilder()
                                .setReqid("old")
                                .setRequest(request)
                                .setDeadline(now.plusSeconds(60))
                                .setTimeoutMs(60_000)
                                .setFirstSeen(now)
                                .setExpectedCount(2)
                                .build());
        KeyValueStore<String, DispatchMember> members = driver.getKeyValueStore("pending-dispatch-members");
        for (String node : List.of("worker-01", "worker-02")) {
            members.put(
                    "old\u0000" + node,
                    DispatchMember.newBuilder().setNode(node).setExpected(true).build());
        }
        answer("old", "worker-02");
        answer("old", "worker-02"); // a duplicate still does not count twice
        assertThat(outcomes.isEmpty()).as("still waiting for worker-01").isTrue();
        answer("old", "worker-01");

        DispatchOutcome outcome = single();
        assertThat(outcome.getState()).isEqualTo(OutcomeState.COMPLETE);
        assertThat(outcome.getResults()).extracting(Result::getNode).containsExactly("worker-01", "worker-02");
    }

    @Test
    void subsetDispatchWaitsOnlyForTheNamedNodes() {
        hello("worker-01", "worker-02", "manager");
        request("r2", List.of("worker-01", "manager"));
        answer("r2", "worker-01");
        answer("r2", "manager");

        DispatchOutcome outcome = single();
        assertThat(outcome.getState()).isEqualTo(OutcomeState.COMPLETE);
        assertThat(outcome.getTargeted()).containsExactly("manager", "worker-01");
        assertThat(outcome.getTargetedCount()).isEqualTo(2);
        assertThat(outcome.getResults()).extracting(Result::getNode).containsExactly("manager", "worker-01");
    }

    @Test
    void unknownNamesGetErrorResultsAndOnlyUnknownNamesAnswerAtOnce() {
        hello("worker-01");
        request("r3", List.of("worker-01", "worker-99"));
        answer("r3", "worker-01");
        DispatchOutcome mixed = single();
        assertThat(mixed.getResults())
                .extracting(Results::summary)
                .containsExactly(
                        "success (reqid r3, instance host, node worker-01)",
                        "error (unknown cluster node) (reqid r3, node worker-99)");
        assertThat(mixed.getErrorCount()).isEqualTo(1);

        request("r4", List.of("ghost-1", "ghost-2"));
        DispatchOutcome onlyUnknown = single();
        assertThat(onlyUnknown.getState()).isEqualTo(OutcomeState.COMPLETE);
        assertThat(onlyUnknown.getTargeted()).isEmpty();
        assertThat(onlyUnknown.getResults())
                .extracting(Result::getNode, Result::getSuccess, Result::getError)
                .containsExactly(
                        Tuple.tuple("ghost-1", false, "unknown cluster node"),
                        Tuple.tuple("ghost-2", false, "unknown cluster node"));
    }

    @Test
    void duplicateAndLateResponsesDoNotCountTwiceNorReopen() {
        hello("worker-01", "worker-02");
        request("r5", List.of());
        answer("r5", "worker-01");
        answer("r5", "worker-01"); // duplicate
        answer("r5", "stranger"); // not expected
        assertThat(outcomes.isEmpty()).isTrue();
        answer("r5", "worker-02");
        assertThat(single().getResults()).hasSize(2);

        answer("r5", "worker-02"); // late, after the outcome
        driver.advanceWallClockTime(Duration.ofSeconds(30));
        assertThat(outcomes.isEmpty()).as("exactly one outcome per reqid").isTrue();
    }

    @Test
    void responsesThatArriveBeforeTheirRequestAreKept() {
        hello("worker-01", "worker-02");
        answer("r6", "worker-02");
        answer("r6", "worker-01");
        assertThat(outcomes.isEmpty()).isTrue();
        request("r6", List.of());

        DispatchOutcome outcome = single();
        assertThat(outcome.getState()).isEqualTo(OutcomeState.COMPLETE);
        assertThat(outcome.getResults()).extracting(Result::getNode).containsExactly("worker-01", "worker-02");
    }

    @Test
    void responsesWhoseRequestNeverComesAreDroppedAfterTheGracePeriod() {
        hello("worker-01");
        answer("r13", "worker-01");
        driver.advanceWallClockTime(
                DispatchSettings.defaults().earlyResponseGrace().plusSeconds(1));
        hellos.pipeInput(
                "worker-01",
                NodeHello.newBuilder()
                        .setNode("worker-01")
                        .setActions(List.of())
                        .setStartedAt(Instant.now())
                        .setSentAt(Instant.now().plusSeconds(61))
                        .build()); // its heartbeat, on the driver's clock
        request("r13", List.of());
        assertThat(outcomes.isEmpty())
                .as("the dropped answer does not complete it")
                .isTrue();
        driver.advanceWallClockTime(Duration.ofSeconds(11));
        assertThat(single().getState()).isEqualTo(OutcomeState.TIMED_OUT);
    }

    @Test
    void timeoutNamesEverySilentNode() {
        hello("worker-01", "worker-02", "manager");
        request("r7", List.of());
        answer("r7", "manager");
        driver.advanceWallClockTime(Duration.ofSeconds(9));
        assertThat(outcomes.isEmpty()).isTrue();
        driver.advanceWallClockTime(Duration.ofSeconds(2));

        DispatchOutcome outcome = single();
        assertThat(outcome.getState()).isEqualTo(OutcomeState.TIMED_OUT);
        assertThat(outcome.getResults())
                .extracting(Results::summary)
                .containsExactly(
                        "success (reqid r7, instance host, node manager)",
                        "error (no response within 10s) (reqid r7, node worker-01)",
                        "error (no response within 10s) (reqid r7, node worker-02)");
        driver.advanceWallClockTime(Duration.ofSeconds(30));
        assertThat(outcomes.isEmpty()).isTrue();
    }

    @Test
    void anExplicitDeadlineSetsTheTimeout() {
        hello("worker-01");
        Instant now = Instant.now(); // the driver's wall clock started a moment before
        requests.pipeInput(
                "r8",
                NodeDispatchRequest.newBuilder()
                        .setReqid("r8")
                        .setAction(List.of("ping"))
                        .setIssuedAt(now)
                        .setDeadline(now.plusSeconds(3))
                        .build());
        driver.advanceWallClockTime(Duration.ofSeconds(4));
        DispatchOutcome outcome = single();
        assertThat(outcome.getState()).isEqualTo(OutcomeState.TIMED_OUT);
        assertThat(outcome.getResults().get(0).getError()).isEqualTo("no response within 3s");
    }

    @Test
    void noOverlapOrNoNodesAnswersAtOnceWithAnEmptyResultList() {
        request("r9", List.of());
        DispatchOutcome outcome = single();
        assertThat(outcome.getState()).isEqualTo(OutcomeState.COMPLETE);
        assertThat(outcome.getTargeted()).isEmpty();
        assertThat(outcome.getResults()).isEmpty();
    }

    @Test
    void aTombstoneRemovesTheNodeFromTheTable() {
        hello("worker-01", "worker-02");
        hellos.pipeInput("worker-02", null);
        request("r10", List.of());
        answer("r10", "worker-01");
        assertThat(single().getTargeted()).containsExactly("worker-01");
    }

    @Test
    void aNodeWhoseHeartbeatIsOverdueIsNotWaitedFor() {
        hello("worker-01");
        hellos.pipeInput(
                "crashed",
                NodeHello.newBuilder()
                        .setNode("crashed")
                        .setActions(List.of())
                        .setStartedAt(Instant.now().minusSeconds(600))
                        .setSentAt(Instant.now().minusSeconds(60))
                        .setHeartbeatIntervalMs(10_000)
                        .build());
        request("r12", List.of());
        answer("r12", "worker-01");
        assertThat(single().getTargeted()).containsExactly("worker-01");
    }

    @Test
    void requestsWithoutReqidGoToTheDeadLetterTopicAndUndecodableOnesAreSkipped() {
        // (The test driver does not capture a deserialization handler's dead letters; StreamsAppIT checks those on a
        // real broker.)
        var raw =
                driver.createInputTopic(topics.requests().name(), new ByteArraySerializer(), new ByteArraySerializer());
        raw.pipeInput("bad".getBytes(), new byte[] {1, 2, 3, 4, 5, 6});
        requests.pipeInput(
                "",
                NodeDispatchRequest.newBuilder()
                        .setReqid("")
                        .setAction(List.of("ping"))
                        .setIssuedAt(Instant.now())
                        .build());
        var dlq = driver.createOutputTopic(
                topics.deadLetter().name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());

        List<TestRecord<byte[], byte[]>> dead = dlq.readRecordsToList();
        assertThat(dead).hasSize(1);
        assertThat(DeadLetter.header(dead.get(0).headers(), DeadLetter.REASON)).isEqualTo("request has no reqid");
        assertThat(DeadLetter.header(dead.get(0).headers(), DeadLetter.SOURCE_TOPIC))
                .isEqualTo(topics.requests().name());
        assertThat(DeadLetter.header(dead.get(0).headers(), DeadLetter.SOURCE_OFFSET))
                .isEqualTo("1");

        hello("worker-01");
        request("r11", List.of());
        answer("r11", "worker-01");
        assertThat(single().getState()).as("the app goes on").isEqualTo(OutcomeState.COMPLETE);
    }

    @Test
    void eachRequestIsIndexedWhenItOpensAndAgainWhenItCloses() {
        var index = driver.createOutputTopic(
                topics.requestIndex().name(),
                topics.requestIndex().keySerde().deserializer(),
                topics.requestIndex().valueSerde().deserializer());
        hello("worker-01");
        requests.pipeInput("", ping("")); // refused: no reqid
        Instant stamped = Instant.parse("2026-01-02T03:04:05Z");
        requests.pipeInput(new TestRecord<>("r20", ping("r20"), stamped));
        requests.pipeInput(new TestRecord<>("r20", ping("r20"), stamped.plusSeconds(5))); // a duplicate changes nothing

        var entries = index.readKeyValuesToList();
        assertThat(entries).extracting(kv -> kv.key).containsExactly("r20");
        RequestLocation location = entries.get(0).value;
        assertThat(location.getPartition()).isZero();
        assertThat(location.getRequestOffset())
                .as("after the refused request at offset 0")
                .isEqualTo(1);
        assertThat(location.getRequestTimestamp()).isEqualTo(stamped);
        assertThat(location.getAnswersFrom()).isBefore(stamped);
        assertThat(location.getAnswersUntil()).isAfter(location.getOpenedAt());
        assertThat(location.getClosedAt()).isNull();

        answer("r20", "worker-01");
        DispatchOutcome outcome = single();
        var closed = index.readKeyValuesToList();
        assertThat(closed).hasSize(1);
        assertThat(closed.get(0).value.getClosedAt()).isEqualTo(outcome.getClosedAt());
        assertThat(closed.get(0).value.getRequestOffset()).isEqualTo(1);
        assertThat(closed.get(0).value.getAnswersUntil()).isAfter(outcome.getClosedAt());
    }

    @Test
    void invalidResponsesAreDeadLetteredWithTheirOriginalBytes() {
        hello("worker-01");
        request("r12", List.of());
        var raw = driver.createInputTopic(topics.responses().name(), new StringSerializer(), new ByteArraySerializer());
        byte[] wrongKey = topics.responses()
                .serializeValue(NodeDispatchResponse.newBuilder()
                        .setReqid("r12")
                        .setResult(Results.success("r12", "worker-01", null, "1"))
                        .setRespondedAt(Instant.now())
                        .build());
        raw.pipeInput("not-r12", wrongKey);
        raw.pipeInput("r12", (byte[]) null);
        var dlq = driver.createOutputTopic(
                topics.deadLetter().name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());

        List<TestRecord<byte[], byte[]>> dead = dlq.readRecordsToList();
        assertThat(dead)
                .extracting(r -> DeadLetter.header(r.headers(), DeadLetter.REASON))
                .containsExactly("key 'not-r12' is not the record's reqid 'r12'", "null value on the response topic");
        assertThat(dead.get(0).value()).as("the bytes as the client wrote them").isEqualTo(wrongKey);
        assertThat(outcomes.isEmpty()).as("the misplaced answer did not count").isTrue();
        answer("r12", "worker-01");
        assertThat(single().getState()).isEqualTo(OutcomeState.COMPLETE);
    }

    @Test
    void undecodableOrMisnamedHellosLeaveTheNodeTableAlone() {
        hello("worker-01");
        var raw = driver.createInputTopic(topics.hellos().name(), new StringSerializer(), new ByteArraySerializer());
        raw.pipeInput(
                "worker-01",
                new byte[] {0, 0, 0, 0x7f, 0x7f, 1}); // unknown schema id: stopped the global thread before
        raw.pipeInput(
                "impostor",
                topics.hellos()
                        .serializeValue(NodeHello.newBuilder()
                                .setNode("worker-01")
                                .setActions(List.of())
                                .setStartedAt(Instant.now())
                                .setSentAt(Instant.now())
                                .setHeartbeatIntervalMs(10_000)
                                .build()));
        request("r13", List.of());
        assertThat(outcomes.isEmpty())
                .as("worker-01 is still known and awaited")
                .isTrue();
        answer("r13", "worker-01");
        DispatchOutcome outcome = single();
        assertThat(outcome.getTargeted()).containsExactly("worker-01");
        assertThat(outcome.getState()).isEqualTo(OutcomeState.COMPLETE);
    }

    private void hello(String... names) {
        for (String name : names) {
            hellos.pipeInput(
                    name,
                    NodeHello.newBuilder()
                            .setNode(name)
                            .setInstance("host")
                            .setActions(List.of("ping"))
                            .setStartedAt(Instant.now())
                            .setSentAt(Instant.now())
                            .build());
        }
    }

    private static NodeDispatchRequest ping(String reqid) {
        return NodeDispatchRequest.newBuilder()
                .setReqid(reqid)
                .setAction(List.of("ping"))
                .setNodes(List.of())
                .setIssuedAt(Instant.now())
                .build();
    }

    private void request(String reqid, List<String> nodes) {
        requests.pipeInput(
                reqid,
                NodeDispatchRequest.newBuilder()
                        .setReqid(reqid)
                        .setAction(List.of("get_id_value", "Cluster::node"))
                        .setNodes(nodes)
                        .setIssuedAt(Instant.now())
                        .build());
    }

    private void answer(String reqid, String node) {
        responses.pipeInput(
                reqid,
                NodeDispatchResponse.newBuilder()
                        .setReqid(reqid)
                        .setResult(Results.success(reqid, node, "host", "\"" + node + "\""))
                        .setRespondedAt(Instant.now())
                        .build());
    }

    /** How many records the dispatch topology wrote to the changelog of {@code store}. */
    private long changelogRecords(String store) {
        String changelog = driver.producedTopicNames().stream()
                .filter(name -> name.endsWith("-" + store + "-changelog"))
                .findFirst()
                .orElseThrow();
        return driver.createOutputTopic(changelog, new ByteArrayDeserializer(), new ByteArrayDeserializer())
                .getQueueSize();
    }

    private DispatchOutcome single() {
        List<DispatchOutcome> all = outcomes.readValuesToList();
        assertThat(all).hasSize(1);
        return all.get(0);
    }
}
