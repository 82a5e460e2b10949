package io.mgmtbus.schemas.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.mgmtbus.events.DispatchOutcome;
import io.mgmtbus.events.NodeDispatchRequest;
import io.mgmtbus.events.NodeDispatchResponse;
import io.mgmtbus.events.NodeHello;
import io.mgmtbus.events.OutcomeState;
import io.mgmtbus.events.Result;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

/** Every event type goes through a real topic in the Confluent wire format and comes back equal. */
class EventRoundTripTest {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private final ThroughKafka kafka = new ThroughKafka();

    @Test
    void requestRoundTripsWithItsDefaults() {
        NodeDispatchRequest sent = NodeDispatchRequest.newBuilder()
                .setReqid("r1")
                .setAction(List.of("get_id_value", "Cluster::node"))
                .setIssuedAt(NOW)
                .build();

        NodeDispatchRequest received = roundTrip(NodeDispatchRequest.class, "r1", sent);

        assertThat(received).isEqualTo(sent);
        assertThat(received.getNodes()).as("default: all nodes").isEmpty();
        assertThat(received.getDeadline()).isNull();
        assertThat(received.getRequester()).isNull();
        assertThat(received.getAction()).containsExactly("get_id_value", "Cluster::node");
        assertThat(received.getIssuedAt()).isEqualTo(NOW);
    }

    @Test
    void responseRoundTripsWithResultDefaults() {
        Result result = Result.newBuilder()
                .setReqid("r2")
                .setNode("worker-01")
                .setData("\"worker-01\"")
                .build();
        NodeDispatchResponse sent = NodeDispatchResponse.newBuilder()
                .setReqid("r2")
                .setResult(result)
                .setRespondedAt(NOW)
                .build();

        NodeDispatchResponse received = roundTrip(NodeDispatchResponse.class, "r2", sent);

        assertThat(received).isEqualTo(sent);
        assertThat(received.getResult().getSuccess())
                .as("success defaults to true")
                .isTrue();
        assertThat(received.getResult().getError()).isNull();
        assertThat(received.getResult().getInstance()).isNull();
        assertThat(received.getResult().getData()).isEqualTo("\"worker-01\"");
    }

    @Test
    void helloRoundTripsAndATombstoneStaysNull() {
        NodeHello sent = NodeHello.newBuilder()
                .setNode("worker-01")
                .setInstance("host-a")
                .setActions(List.of("get_id_value", "ping"))
                .setStartedAt(NOW)
                .setSentAt(NOW.plusSeconds(1))
                .build();

        NodeHello received = roundTrip(NodeHello.class, "worker-01", sent);

        assertThat(received).isEqualTo(sent);
        assertThat(received.getHeartbeatIntervalMs()).isZero();
        assertThat(roundTrip(NodeHello.class, "worker-02", null)).isNull();
    }

    @Test
    void outcomeRoundTripsWithNestedResults() {
        DispatchOutcome sent = DispatchOutcome.newBuilder()
                .setReqid("r3")
                .setAction(List.of("ping"))
                .setTargeted(List.of("a", "b"))
                .setResults(List.of(
                        Result.newBuilder()
                                .setReqid("r3")
                                .setNode("a")
                                .setData("{}")
                                .build(),
                        Result.newBuilder()
                                .setReqid("r3")
                                .setNode("b")
                                .setSuccess(false)
                                .setError("no response within 10s")
                                .build()))
                .setState(OutcomeState.TIMED_OUT)
                .setIssuedAt(NOW)
                .setClosedAt(NOW.plusSeconds(10))
                .setSuccessCount(1)
                .setErrorCount(1)
                .build();

        DispatchOutcome received = roundTrip(DispatchOutcome.class, "r3", sent);

        assertThat(received).isEqualTo(sent);
        assertThat(received.getState()).isEqualTo(OutcomeState.TIMED_OUT);
        assertThat(received.getResults().get(1).getError()).isEqualTo("no response within 10s");
        assertThat(received.getResultsTruncated()).isFalse();
    }

    @Test
    void deadLetterKeepsRawBytes() {
        byte[] raw = {1, 2, 3};
        assertThat(kafka.roundTrip(Serdes.ByteArray(), Serdes.ByteArray(), "k".getBytes(), raw))
                .containsExactly(1, 2, 3);
    }

    private <V extends SpecificRecord> V roundTrip(Class<V> type, String key, V value) {
        return kafka.roundTrip(Serdes.String(), AvroWireSerde.of(type, kafka.registryUrl()), key, value);
    }
}
