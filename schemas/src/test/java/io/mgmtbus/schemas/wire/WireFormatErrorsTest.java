package io.mgmtbus.schemas.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mgmtbus.events.NodeDispatchRequest;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bad bytes fail with an exception that says which way they are bad, against the real registry. */
class WireFormatErrorsTest {

    private final ThroughKafka kafka = new ThroughKafka();
    private final AvroWireSerde<NodeDispatchRequest> serde =
            AvroWireSerde.of(NodeDispatchRequest.class, kafka.registryUrl());
    private final byte[] good = serde.serializer()
            .serialize(
                    kafka.topic,
                    NodeDispatchRequest.newBuilder()
                            .setReqid("r")
                            .setAction(List.of("get_id_value", "x"))
                            .setIssuedAt(Instant.now())
                            .build());

    @Test
    void wrongMagicByte() {
        byte[] bad = good.clone();
        bad[0] = 7;
        assertThatThrownBy(() -> decode(bad))
                .isInstanceOf(WireFormatException.class)
                .hasMessage("unknown magic byte 0x07 on " + kafka.topic + ": expected 0x00 (Confluent wire format)");
    }

    @Test
    void unknownSchemaId() {
        byte[] bad = good.clone();
        ByteBuffer.wrap(bad).putInt(1, 999_999);
        assertThatThrownBy(() -> decode(bad))
                .isInstanceOf(WireFormatException.class)
                .hasMessageStartingWith("unknown schema id 999999 on " + kafka.topic);
    }

    @Test
    void truncatedPayload() {
        byte[] bad = Arrays.copyOf(good, good.length - 3);
        assertThatThrownBy(() -> decode(bad))
                .isInstanceOf(WireFormatException.class)
                .hasMessageContaining("truncated Avro payload on " + kafka.topic);
    }

    @Test
    void tooShortForTheHeader() {
        assertThatThrownBy(() -> decode(new byte[] {0, 0}))
                .isInstanceOf(WireFormatException.class)
                .hasMessageContaining("2 bytes")
                .hasMessageContaining("too short");
    }

    @Test
    void goodBytesStillDecode() {
        assertThat(decode(good).getReqid()).isEqualTo("r");
    }

    private NodeDispatchRequest decode(byte[] bytes) {
        return serde.deserializer().deserialize(kafka.topic, bytes);
    }
}
