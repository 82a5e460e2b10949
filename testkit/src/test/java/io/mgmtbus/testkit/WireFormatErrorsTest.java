package io.mgmtbus.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mgmtbus.contracts.topics.BusTopics;
import io.mgmtbus.contracts.topics.Topic;
import io.mgmtbus.events.NodeDispatchRequest;
import io.mgmtbus.schemas.wire.WireFormatException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bad bytes fail with an exception that says which way they are bad, against the real registry. */
class WireFormatErrorsTest {

    private final Topic<String, NodeDispatchRequest> requests = new BusTopics(TestBus.shared().newBus()).requests();
    private final byte[] good = requests.serializeValue(NodeDispatchRequest.newBuilder()
            .setReqid("r").setAction(List.of("get_id_value", "x")).setIssuedAt(Instant.now()).build());

    @Test
    void wrongMagicByte() {
        byte[] bad = good.clone();
        bad[0] = 7;
        assertThatThrownBy(() -> requests.deserializeValue(bad)).isInstanceOf(WireFormatException.class)
                .hasMessage("unknown magic byte 0x07 on " + requests.name() + ": expected 0x00 (Confluent wire format)");
    }

    @Test
    void unknownSchemaId() {
        byte[] bad = good.clone();
        ByteBuffer.wrap(bad).putInt(1, 999_999);
        assertThatThrownBy(() -> requests.deserializeValue(bad)).isInstanceOf(WireFormatException.class)
                .hasMessageStartingWith("unknown schema id 999999 on " + requests.name());
    }

    @Test
    void truncatedPayload() {
        byte[] bad = Arrays.copyOf(good, good.length - 3);
        assertThatThrownBy(() -> requests.deserializeValue(bad)).isInstanceOf(WireFormatException.class)
                .hasMessageContaining("truncated Avro payload on " + requests.name());
    }

    @Test
    void tooShortForTheHeader() {
        assertThatThrownBy(() -> requests.deserializeValue(new byte[] {0, 0}))
                .isInstanceOf(WireFormatException.class)
                .hasMessageContaining("2 bytes").hasMessageContaining("too short");
    }

    @Test
    void goodBytesStillDecode() {
        assertThat(requests.deserializeValue(good).getReqid()).isEqualTo("r");
    }
}
