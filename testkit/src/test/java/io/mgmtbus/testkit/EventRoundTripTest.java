package io.mgmtbus.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.topics.BusTopics;
import io.mgmtbus.contracts.topics.Topic;
import io.mgmtbus.events.DispatchOutcome;
import io.mgmtbus.events.NodeDispatchRequest;
import io.mgmtbus.events.NodeDispatchResponse;
import io.mgmtbus.events.NodeHello;
import io.mgmtbus.events.OutcomeState;
import io.mgmtbus.events.Result;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

/** Every event type goes through a real topic in the Confluent wire format and comes back equal. */
class EventRoundTripTest {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private final BusConfig bus = TestBus.shared().newBus();
    private final BusTopics topics = new BusTopics(bus);

    @Test
    void requestRoundTripsWithItsDefaults() {
        NodeDispatchRequest sent = NodeDispatchRequest.newBuilder()
                .setReqid("r1").setAction(List.of("get_id_value", "Cluster::node")).setIssuedAt(NOW).build();

        NodeDispatchRequest received = roundTrip(topics.requests(), "r1", sent);

        assertThat(received).isEqualTo(sent);
        assertThat(received.getNodes()).as("default: all nodes").isEmpty();
        assertThat(received.getDeadline()).isNull();
        assertThat(received.getRequester()).isNull();
        assertThat(received.getAction()).containsExactly("get_id_value", "Cluster::node");
        assertThat(received.getIssuedAt()).isEqualTo(NOW);
    }

    @Test
    void responseRoundTripsWithResultDefaults() {
        Result result = Result.newBuilder().setReqid("r2").setNode("worker-01").setData("\"worker-01\"").build();
        NodeDispatchResponse sent = NodeDispatchResponse.newBuilder().setReqid("r2").setResult(result).setRespondedAt(NOW).build();

        NodeDispatchResponse received = roundTrip(topics.responses(), "r2", sent);

        assertThat(received).isEqualTo(sent);
        assertThat(received.getResult().getSuccess()).as("success defaults to true").isTrue();
        assertThat(received.getResult().getError()).isNull();
        assertThat(received.getResult().getInstance()).isNull();
        assertThat(received.getResult().getData()).isEqualTo("\"worker-01\"");
    }

    @Test
    void helloRoundTripsAndATombstoneStaysNull() {
        NodeHello sent = NodeHello.newBuilder().setNode("worker-01").setInstance("host-a")
                .setActions(List.of("get_id_value", "ping")).setStartedAt(NOW).setSentAt(NOW.plusSeconds(1)).build();

        NodeHello received = roundTrip(topics.hellos(), "worker-01", sent);

        assertThat(received).isEqualTo(sent);
        assertThat(received.getHeartbeatIntervalMs()).isZero();
        assertThat(roundTrip(topics.hellos(), "worker-02", null)).isNull();
    }

    @Test
    void outcomeRoundTripsWithNestedResults() {
        DispatchOutcome sent = DispatchOutcome.newBuilder().setReqid("r3").setAction(List.of("ping"))
                .setTargeted(List.of("a", "b"))
                .setResults(List.of(
                        Result.newBuilder().setReqid("r3").setNode("a").setData("{}").build(),
                        Result.newBuilder().setReqid("r3").setNode("b").setSuccess(false).setError("no response within 10s").build()))
                .setState(OutcomeState.TIMED_OUT).setIssuedAt(NOW).setClosedAt(NOW.plusSeconds(10))
                .setSuccessCount(1).setErrorCount(1).build();

        DispatchOutcome received = roundTrip(topics.outcomes(), "r3", sent);

        assertThat(received).isEqualTo(sent);
        assertThat(received.getState()).isEqualTo(OutcomeState.TIMED_OUT);
        assertThat(received.getResults().get(1).getError()).isEqualTo("no response within 10s");
        assertThat(received.getResultsTruncated()).isFalse();
    }

    @Test
    void deadLetterKeepsRawBytes() {
        byte[] raw = {1, 2, 3};
        assertThat(roundTrip(topics.deadLetter(), "k".getBytes(), raw)).containsExactly(1, 2, 3);
    }

    private <K, V> V roundTrip(Topic<K, V> topic, K key, V value) {
        try (var producer = new KafkaProducer<>(bus.clientProperties(), topic.keySerde().serializer(), topic.valueSerde().serializer())) {
            producer.send(topic.record(key, value)).get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        try (TopicTail<K, V> tail = new TopicTail<>(bus, topic)) {
            List<ConsumerRecord<K, V>> records = tail.until(seen -> seen.stream().anyMatch(r -> Objects.deepEquals(r.key(), key)),
                    Duration.ofSeconds(20)).stream().filter(r -> Objects.deepEquals(r.key(), key)).toList();
            assertThat(records).as("records with key %s", key).hasSize(1);
            return records.get(0).value();
        }
    }

}
