package io.mgmtbus.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.mgmtbus.contracts.deadletter.DeadLetter;
import io.mgmtbus.contracts.topics.Topic;
import io.mgmtbus.events.NodeDispatchRequest;
import io.mgmtbus.testkit.TopicRecorder;
import io.mgmtbus.testkit.TopicWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Malformed requests go to the dead-letter topic with where they came from and why; the node goes on. */
class DeadLetterTest {

    private final NodeFixture fixture = new NodeFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void undecodableAndReqidLessRequestsAreDeadLetteredAndTheNodeGoesOn() {
        fixture.node("worker-01");
        String requests = fixture.topics.requests().name();
        byte[] garbage = {9, 9, 9, 9, 9, 9};
        try (TopicWriter<byte[], byte[]> raw =
                new TopicWriter<>(fixture.bus, new Topic<>(requests, Serdes.ByteArray(), Serdes.ByteArray()))) {
            raw.send("bad-1".getBytes(), garbage);
        }
        fixture.send(NodeDispatchRequest.newBuilder()
                .setReqid("")
                .setAction(List.of("ping"))
                .setIssuedAt(Instant.now())
                .build());
        String good = fixture.dispatch(List.of(), "ping");

        assertThat(fixture.responses(good, 1)).hasSize(1);
        try (TopicRecorder<byte[], byte[]> dlq = new TopicRecorder<>(fixture.bus, fixture.topics.deadLetter())) {
            List<ConsumerRecord<byte[], byte[]>> dead = dlq.atLeast(2, Duration.ofSeconds(30));
            assertThat(dead).hasSize(2);
            ConsumerRecord<byte[], byte[]> undecodable = dead.stream()
                    .filter(r -> new String(r.key()).equals("bad-1"))
                    .findFirst()
                    .orElseThrow();
            assertThat(undecodable.value()).containsExactly(garbage);
            assertThat(DeadLetter.header(undecodable.headers(), DeadLetter.SOURCE_TOPIC))
                    .isEqualTo(requests);
            assertThat(DeadLetter.header(undecodable.headers(), DeadLetter.SOURCE_PARTITION))
                    .matches("\\d+");
            assertThat(DeadLetter.header(undecodable.headers(), DeadLetter.SOURCE_OFFSET))
                    .matches("\\d+");
            assertThat(DeadLetter.header(undecodable.headers(), DeadLetter.REASON))
                    .isEqualTo("undecodable NodeDispatchRequest: unknown magic byte 0x09 on " + requests
                            + ": expected 0x00 (Confluent wire format)");
            ConsumerRecord<byte[], byte[]> noReqid = dead.stream()
                    .filter(r -> new String(r.key()).isEmpty())
                    .findFirst()
                    .orElseThrow();
            assertThat(DeadLetter.header(noReqid.headers(), DeadLetter.REASON)).isEqualTo("request has no reqid");
        }
    }
}
