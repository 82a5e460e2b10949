package io.mgmtbus.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.deadletter.DeadLetter;
import io.mgmtbus.contracts.dispatch.Results;
import io.mgmtbus.contracts.topics.BusTopics;
import io.mgmtbus.events.DispatchCancel;
import io.mgmtbus.events.DispatchOutcome;
import io.mgmtbus.events.NodeDispatchRequest;
import io.mgmtbus.events.NodeDispatchResponse;
import io.mgmtbus.events.NodeHello;
import io.mgmtbus.events.Result;
import io.mgmtbus.schemas.registry.InMemorySchemaRegistryClient;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The dispatch topology in a {@link TopologyTestDriver}, with typed inputs and outputs and the
 * small steps the topology tests are written in: nodes say hello, a request comes, nodes answer.
 */
public final class TopologyFixture implements AutoCloseable {

    private final String scope = "topology-" + UUID.randomUUID();
    private final BusConfig bus = new BusConfig("dummy:9092", "mock://" + scope, "");
    private final BusTopics topics = new BusTopics(bus);
    private final TopologyTestDriver driver;
    private final TestInputTopic<String, NodeHello> hellos;
    private final TestInputTopic<String, NodeDispatchRequest> requests;
    private final TestInputTopic<String, NodeDispatchResponse> responses;
    private final TestInputTopic<String, DispatchCancel> cancels;
    private final TestOutputTopic<String, DispatchOutcome> outcomes;
    private final TestOutputTopic<String, NodeDispatchRequest> written;
    private final TestOutputTopic<byte[], byte[]> deadLetters;

    public TopologyFixture() throws IOException {
        driver = new TopologyTestDriver(
                DispatchTopology.build(topics, bus.schemaRegistry(), DispatchSettings.defaults()),
                StreamsApp.properties(bus, topics, Files.createTempDirectory("topology-test")));
        StringSerializer keys = new StringSerializer();
        hellos = driver.createInputTopic(
                topics.hellos().name(), keys, topics.hellos().valueSerde().serializer());
        requests = driver.createInputTopic(
                topics.requests().name(), keys, topics.requests().valueSerde().serializer());
        responses = driver.createInputTopic(
                topics.responses().name(), keys, topics.responses().valueSerde().serializer());
        cancels = driver.createInputTopic(
                topics.cancels().name(), keys, topics.cancels().valueSerde().serializer());
        outcomes = driver.createOutputTopic(
                topics.outcomes().name(),
                topics.outcomes().keySerde().deserializer(),
                topics.outcomes().valueSerde().deserializer());
        deadLetters = driver.createOutputTopic(
                topics.deadLetter().name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        written = driver.createOutputTopic(
                topics.requests().name(),
                topics.requests().keySerde().deserializer(),
                topics.requests().valueSerde().deserializer());
    }

    /** A live node {@code name} with {@code labels}. */
    public TopologyFixture hello(String name, Map<String, String> labels) {
        hellos.pipeInput(
                name,
                NodeHello.newBuilder()
                        .setNode(name)
                        .setInstance("host")
                        .setActions(List.of("ping"))
                        .setStartedAt(Instant.now())
                        .setSentAt(Instant.now())
                        .setLabels(labels)
                        .build());
        return this;
    }

    /** A ping request with a one-minute deadline, adjusted by {@code customize}. */
    public NodeDispatchRequest.Builder ping(String reqid) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS); // as precise as the schema
        return NodeDispatchRequest.newBuilder()
                .setReqid(reqid)
                .setAction(List.of("ping"))
                .setNodes(List.of())
                .setIssuedAt(now)
                .setDeadline(now.plusSeconds(60));
    }

    public void request(NodeDispatchRequest request) {
        requests.pipeInput(request.getReqid(), request);
    }

    public void answer(String reqid, String node) {
        answer(reqid, Results.success(reqid, node, "host", "\"" + node + "\""));
    }

    public void fail(String reqid, String node) {
        answer(reqid, Results.error(reqid, node, "host", "it broke"));
    }

    private void answer(String reqid, Result result) {
        responses.pipeInput(
                reqid,
                NodeDispatchResponse.newBuilder()
                        .setReqid(reqid)
                        .setResult(result)
                        .setRespondedAt(Instant.now())
                        .build());
    }

    public void cancel(String reqid) {
        cancels.pipeInput(
                reqid,
                DispatchCancel.newBuilder()
                        .setReqid(reqid)
                        .setRequestedAt(Instant.now())
                        .setRequester("test")
                        .build());
    }

    /** Lets wall-clock time pass (the sweep closes overdue requests). */
    public void advance(Duration time) {
        driver.advanceWallClockTime(time);
    }

    /** The outcomes written since the last call. */
    public List<DispatchOutcome> outcomes() {
        return outcomes.readValuesToList();
    }

    /** The one outcome written since the last call. */
    public DispatchOutcome single() {
        List<DispatchOutcome> all = outcomes();
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    /** Why each record dead-lettered since the last call was refused. */
    public List<String> deadLetterReasons() {
        return deadLetters.readRecordsToList().stream()
                .map(r -> DeadLetter.header(r.headers(), DeadLetter.REASON))
                .toList();
    }

    /** The wave requests the topology wrote since the last call. */
    public List<NodeDispatchRequest> waves() {
        return written.readValuesToList().stream()
                .filter(r -> r.getWave() != null)
                .toList();
    }

    @Override
    public void close() {
        driver.close();
        InMemorySchemaRegistryClient.dropScope(scope);
    }
}
