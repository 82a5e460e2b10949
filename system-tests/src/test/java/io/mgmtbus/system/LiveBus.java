package io.mgmtbus.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.mgmtbus.agent.http.AgentServer;
import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.topics.BusTopics;
import io.mgmtbus.events.DispatchOutcome;
import io.mgmtbus.events.NodeDispatchRequest;
import io.mgmtbus.events.NodeHello;
import io.mgmtbus.events.OutcomeState;
import io.mgmtbus.events.Result;
import io.mgmtbus.node.ManagedNode;
import io.mgmtbus.streams.DispatchSettings;
import io.mgmtbus.streams.StreamsApp;
import io.mgmtbus.testkit.TestBus;
import io.mgmtbus.testkit.TopicRecorder;
import io.mgmtbus.testkit.TopicWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.utils.Utils;

/**
 * A whole bus on the shared test broker, as a user would run it: three nodes and the
 * streams-app (and the agent when asked), on a bus of its own (fresh topic prefix).
 */
public final class LiveBus implements AutoCloseable {

    public static final List<String> NODES = List.of("worker-01", "worker-02", "manager");
    /** Reqid prefixes of the request kinds {@link #requestOfKind} builds and {@link #assertCorrect} checks. */
    public static final List<String> KINDS = List.of("all-", "some-", "bad-");

    public final BusConfig config = TestBus.shared().newBus();
    public final BusTopics topics = new BusTopics(config);
    public final List<ManagedNode> nodes = new ArrayList<>();
    private final List<AutoCloseable> parts = new ArrayList<>();
    public StreamsApp streams;
    public AgentServer agent;

    /** Starts the nodes and the streams-app and waits until the streams-app knows every node. */
    public static LiveBus start() throws Exception {
        return start((name, node) -> node);
    }

    /** Like {@link #start()}, with each node's builder adjusted first (extra actions, identifiers). */
    public static LiveBus start(BiFunction<String, ManagedNode.Builder, ManagedNode.Builder> customize)
            throws Exception {
        LiveBus bus = new LiveBus();
        for (String name : NODES) {
            bus.nodes.add(bus.add(customize
                    .apply(name, ManagedNode.builder(bus.config, name).instance("system-test"))
                    .start()));
        }
        bus.startStreamsApp();
        bus.awaitNodeTable();
        return bus;
    }

    public void startStreamsApp() throws Exception {
        streams =
                add(StreamsApp.start(config, DispatchSettings.defaults(), Files.createTempDirectory("system-streams")));
    }

    public AgentServer startAgent() {
        agent = add(AgentServer.start(config, BusConfig.DEFAULT_HOST, 0));
        return agent;
    }

    private <T extends AutoCloseable> T add(T part) {
        parts.add(part);
        return part;
    }

    /** A request for {@code nodes} (empty: all) with a one-minute deadline. */
    public static NodeDispatchRequest request(String reqid, List<String> nodes, String... action) {
        return NodeDispatchRequest.newBuilder()
                .setReqid(reqid)
                .setAction(List.of(action))
                .setNodes(nodes)
                .setIssuedAt(Instant.now())
                .setDeadline(Instant.now().plusSeconds(60))
                .setRequester("system-test")
                .build();
    }

    /**
     * Waits for the outcomes of {@code reqids}, then a little longer, and returns each reqid's
     * outcomes as read by a read_committed reader, asserting there is exactly one per reqid.
     */
    public Map<String, ConsumerRecord<String, DispatchOutcome>> exactlyOneOutcomeEach(
            Collection<String> reqids, Duration timeout) {
        try (TopicRecorder<String, DispatchOutcome> tail = new TopicRecorder<>(config, topics.outcomes())) {
            tail.until(
                    seen -> seen.stream()
                            .map(ConsumerRecord::key)
                            .collect(Collectors.toSet())
                            .containsAll(reqids),
                    timeout);
            List<ConsumerRecord<String, DispatchOutcome>> all = tail.during(Duration.ofSeconds(1));
            Map<String, List<ConsumerRecord<String, DispatchOutcome>>> byReqid = all.stream()
                    .filter(r -> reqids.contains(r.key()))
                    .collect(Collectors.groupingBy(ConsumerRecord::key));
            assertThat(byReqid.keySet()).as("reqids with an outcome").containsExactlyInAnyOrderElementsOf(reqids);
            byReqid.forEach((reqid, list) ->
                    assertThat(list).as("outcomes of %s", reqid).hasSize(1));
            return byReqid.entrySet().stream()
                    .collect(Collectors.toMap(
                            Map.Entry::getKey, e -> e.getValue().get(0)));
        }
    }

    /**
     * Checks an outcome for the three request kinds the system tests send: reqids starting with
     * {@code all-} ask every node for its name, {@code some-} ask worker-01 and the unknown
     * {@code nope}, {@code bad-} run an action no node has.
     */
    public static void assertCorrect(String reqid, DispatchOutcome outcome) {
        assertThat(outcome.getReqid()).isEqualTo(reqid);
        assertThat(outcome.getState()).as(reqid).isEqualTo(OutcomeState.COMPLETE);
        Map<String, Result> results =
                outcome.getResults().stream().collect(Collectors.toMap(Result::getNode, Function.identity()));
        if (reqid.startsWith("some-")) {
            assertThat(outcome.getTargeted()).as(reqid).containsExactly("worker-01");
            assertThat(results.keySet()).containsExactlyInAnyOrder("worker-01", "nope");
            assertThat(results.get("worker-01").getData()).isEqualTo("\"worker-01\"");
            assertThat(results.get("nope").getError()).isEqualTo("unknown cluster node");
        } else if (reqid.startsWith("bad-")) {
            assertThat(results.keySet()).as(reqid).containsExactlyInAnyOrderElementsOf(NODES);
            results.values().forEach(r -> assertThat(r.getError()).isEqualTo("dispatch frobnicate unknown"));
        } else {
            assertThat(results.keySet()).as(reqid).containsExactlyInAnyOrderElementsOf(NODES);
            results.forEach((node, r) -> assertThat(r.getData()).as(reqid).isEqualTo("\"" + node + "\""));
        }
    }

    /** The request for a reqid of one of the kinds {@link #assertCorrect} knows. */
    public static NodeDispatchRequest requestOfKind(String reqid) {
        if (reqid.startsWith("some-")) {
            return request(reqid, List.of("worker-01", "nope"), "get_id_value", "Cluster::node");
        }
        if (reqid.startsWith("bad-")) {
            return request(reqid, List.of(), "frobnicate");
        }
        return request(reqid, List.of(), "get_id_value", "Cluster::node");
    }

    /** A valid hello of {@code node}, encoded as any client would write it. */
    public byte[] encodedHello(String node) {
        Instant now = Instant.now();
        return topics.hellos()
                .serializeValue(NodeHello.newBuilder()
                        .setNode(node)
                        .setStartedAt(now)
                        .setSentAt(now)
                        .setHeartbeatIntervalMs(10_000)
                        .build());
    }

    /** Where Java's default partitioner (murmur2 of the key) would put a reqid: what other clients need not do. */
    public static int murmur2Partition(String reqid) {
        return Utils.toPositive(Utils.murmur2(reqid.getBytes(StandardCharsets.UTF_8))) % BusTopics.DISPATCH_PARTITIONS;
    }

    /** A probe answered by all three nodes proves the streams-app's node table holds them. */
    private void awaitNodeTable() {
        try (TopicWriter<String, NodeDispatchRequest> requests = new TopicWriter<>(config, topics.requests());
                TopicRecorder<String, DispatchOutcome> outcomes = new TopicRecorder<>(config, topics.outcomes())) {
            for (int attempt = 0; attempt < 20; attempt++) {
                String reqid = "probe-" + attempt;
                requests.send(reqid, request(reqid, List.of(), "ping"));
                var seen = outcomes.until(s -> s.stream().anyMatch(r -> r.key().equals(reqid)), Duration.ofSeconds(15));
                if (seen.stream()
                        .anyMatch(r ->
                                r.key().equals(reqid) && r.value().getTargeted().size() == NODES.size())) {
                    return;
                }
            }
            throw new AssertionError("the streams-app never saw all nodes");
        }
    }

    @Override
    public void close() throws Exception {
        for (int i = parts.size() - 1; i >= 0; i--) {
            parts.get(i).close();
        }
    }
}
