package io.mgmtbus.system.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.topics.BusTopics;
import io.mgmtbus.events.NodeDispatchRequest;
import io.mgmtbus.system.ExternalProcess;
import io.mgmtbus.system.LiveBus;
import io.mgmtbus.system.LiveBusPerClass;
import io.mgmtbus.system.NodePackages;
import io.mgmtbus.testkit.TestBus;
import io.mgmtbus.testkit.TopicRecorder;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * "Any Kafka client" made concrete: a Node.js program using kafkajs and
 * {@code @kafkajs/confluent-schema-registry} produces a request the Java deserializer reads
 * field for field, reads back what the Java serializer wrote, and dispatches through a running
 * bus with kafkajs's {@code LegacyPartitioner}, which does not place keys where murmur2 does.
 */
@Tag("slow")
class NodeJsClientInteropTest {

    private static final Path REQUEST_SCHEMA = Path.of("../schemas/src/main/avro/NodeDispatchRequest.avsc");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BusConfig bus = TestBus.shared().newBus();

    @RegisterExtension
    static final LiveBusPerClass live = new LiveBusPerClass();

    private final BusTopics topics = new BusTopics(bus);

    @BeforeAll
    static void installNodePackages() throws Exception {
        NodePackages.install();
    }

    @Test
    void kafkajsLegacyPartitionerGetsExactlyOneCorrectOutcomeEach() throws Exception {
        BusConfig config = live.bus().config;
        String out = run(
                List.of("node", "dispatch-legacy-partitioner.js"),
                Map.of(
                        "BOOTSTRAP",
                        config.bootstrapServers(),
                        "REGISTRY",
                        config.schemaRegistryUrl(),
                        "PREFIX",
                        config.topicPrefix()),
                Duration.ofSeconds(120));
        List<JsonNode> lines = ExternalProcess.jsonLines(out);
        assertThat(lines).hasSize(9);
        assertThat(lines)
                .allSatisfy(l -> assertThat(l.get("outcome_partition").asInt())
                        .isEqualTo(l.get("request_partition").asInt()));
        assertThat(lines)
                .as("the legacy partitioner placed some request where murmur2 would not, or the test proves nothing")
                .anyMatch(l -> l.get("request_partition").asInt()
                        != LiveBus.murmur2Partition(l.get("reqid").asText()));
        List<String> reqids = lines.stream().map(l -> l.get("reqid").asText()).toList();
        live.bus()
                .exactlyOneOutcomeEach(reqids, Duration.ofSeconds(30))
                .forEach((reqid, record) -> LiveBus.assertCorrect(reqid, record.value()));
    }

    @Test
    void nodeProducesAndJavaReadsFieldForField() throws Exception {
        String reqid = "node-" + UUID.randomUUID();
        String out = run(
                List.of("node", "produce-request.js"),
                Map.of(
                        "BOOTSTRAP",
                        bus.bootstrapServers(),
                        "REGISTRY",
                        bus.schemaRegistryUrl(),
                        "TOPIC",
                        topics.requests().name(),
                        "SCHEMA_FILE",
                        REQUEST_SCHEMA.toAbsolutePath().toString(),
                        "REQID",
                        reqid),
                Duration.ofSeconds(60));
        assertThat(out).contains("\"produced\":\"" + reqid + "\"");

        try (TopicRecorder<String, NodeDispatchRequest> tail = new TopicRecorder<>(bus, topics.requests())) {
            var record = tail.atLeast(1, Duration.ofSeconds(20)).get(0);
            NodeDispatchRequest request = record.value();
            assertThat(record.key()).isEqualTo(reqid);
            assertThat(request.getReqid()).isEqualTo(reqid);
            assertThat(request.getAction()).containsExactly("get_id_value", "Cluster::node");
            assertThat(request.getNodes()).containsExactly("worker-01", "manager");
            assertThat(request.getIssuedAt()).isEqualTo(Instant.ofEpochMilli(1764150000123L));
            assertThat(request.getDeadline()).isEqualTo(Instant.ofEpochMilli(1764150060000L));
            assertThat(request.getRequester()).isEqualTo("kafkajs");
        }
    }

    @Test
    void javaProducesAndNodeReadsFieldForField() throws Exception {
        NodeDispatchRequest sent = NodeDispatchRequest.newBuilder()
                .setReqid("java-1")
                .setAction(List.of("ping"))
                .setNodes(List.of("worker-02"))
                .setIssuedAt(Instant.ofEpochMilli(1764150000999L))
                .setRequester("java")
                .build();
        try (var producer = new KafkaProducer<>(
                bus.clientProperties(),
                topics.requests().keySerde().serializer(),
                topics.requests().valueSerde().serializer())) {
            producer.send(topics.requests().record("java-1", sent)).get();
        }

        String out = run(
                List.of("node", "consume-request.js"),
                Map.of(
                        "BOOTSTRAP",
                        bus.bootstrapServers(),
                        "REGISTRY",
                        bus.schemaRegistryUrl(),
                        "TOPIC",
                        topics.requests().name()),
                Duration.ofSeconds(60));
        JsonNode line = JSON.readTree(out.lines()
                .filter(l -> l.startsWith("RECORD "))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no record printed:\n" + out))
                .substring("RECORD ".length()));
        assertThat(line.get("key").asText()).isEqualTo("java-1");
        JsonNode value = line.get("value");
        assertThat(value.get("reqid").asText()).isEqualTo("java-1");
        assertThat(value.get("action").toString()).isEqualTo("[\"ping\"]");
        assertThat(value.get("nodes").toString()).isEqualTo("[\"worker-02\"]");
        assertThat(value.get("issued_at").asLong()).isEqualTo(1764150000999L);
        assertThat(value.get("deadline").isNull()).isTrue();
        assertThat(value.get("requester").toString()).contains("java");
    }

    private static String run(List<String> command, Map<String, String> env, Duration timeout)
            throws InterruptedException {
        return ExternalProcess.run(NodePackages.DIR, command, env, timeout);
    }
}
