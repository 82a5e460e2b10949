package io.mgmtbus.streams.guard;

import static org.assertj.core.api.Assertions.assertThat;

import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.deadletter.DeadLetter;
import io.mgmtbus.contracts.topics.BusTopics;
import io.mgmtbus.events.DispatchOutcome;
import io.mgmtbus.events.NodeHello;
import io.mgmtbus.events.OutcomeState;
import io.mgmtbus.schemas.registry.InMemorySchemaRegistryClient;
import io.mgmtbus.streams.deadletter.DeadLetterDeserializationHandler;
import io.mgmtbus.streams.deadletter.DeadLetterProcessingHandler;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GuardTopologyTest {

    private final String scope = "guard-" + UUID.randomUUID();
    private final BusTopics topics = new BusTopics(new BusConfig("dummy:9092", "mock://" + scope, ""));
    private TopologyTestDriver driver;

    @BeforeEach
    void start() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "guard-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:9092");
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingHandler.class);
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationHandler.class);
        props.put(
                DeadLetterDeserializationHandler.TOPIC_CONFIG,
                topics.deadLetter().name());
        driver = new TopologyTestDriver(GuardTopology.build(topics), props);
    }

    @AfterEach
    void stop() {
        driver.close();
        InMemorySchemaRegistryClient.dropScope(scope);
    }

    @Test
    void badHellosAndOutcomesAreDeadLetteredAndGoodOnesPass() {
        Instant now = Instant.now();
        TestInputTopic<String, byte[]> hellos =
                driver.createInputTopic(topics.hellos().name(), new StringSerializer(), new ByteArraySerializer());
        TestInputTopic<String, byte[]> outcomes =
                driver.createInputTopic(topics.outcomes().name(), new StringSerializer(), new ByteArraySerializer());
        byte[] hello = topics.hellos()
                .serializeValue(NodeHello.newBuilder()
                        .setNode("worker-01")
                        .setStartedAt(now)
                        .setSentAt(now)
                        .build());
        byte[] outcome = topics.outcomes()
                .serializeValue(DispatchOutcome.newBuilder()
                        .setReqid("r1")
                        .setAction(List.of("ping"))
                        .setTargeted(List.of())
                        .setResults(List.of())
                        .setState(OutcomeState.COMPLETE)
                        .setIssuedAt(now)
                        .setClosedAt(now)
                        .build());

        hellos.pipeInput("worker-01", hello); // fine
        hellos.pipeInput("worker-01", (byte[]) null); // a tombstone: fine
        hellos.pipeInput("someone-else", hello); // key is not the node name
        outcomes.pipeInput("r1", outcome); // fine
        outcomes.pipeInput("r2", outcome); // key is not the reqid
        outcomes.pipeInput("r3", (byte[]) null); // null value

        List<TestRecord<byte[], byte[]>> dead = driver.createOutputTopic(
                        topics.deadLetter().name(), new ByteArrayDeserializer(), new ByteArrayDeserializer())
                .readRecordsToList();
        assertThat(dead)
                .extracting(r -> DeadLetter.header(r.headers(), DeadLetter.REASON))
                .containsExactly(
                        "key 'someone-else' is not the record's node name 'worker-01'",
                        "key 'r2' is not the record's reqid 'r1'",
                        "null value on the outcome topic");
        assertThat(dead.get(0).value()).isEqualTo(hello);
        assertThat(dead)
                .extracting(r -> DeadLetter.header(r.headers(), DeadLetter.COMPONENT))
                .containsOnly("streams-app");
    }
}
