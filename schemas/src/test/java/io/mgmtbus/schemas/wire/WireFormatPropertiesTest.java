package io.mgmtbus.schemas.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.mgmtbus.events.DispatchOutcome;
import io.mgmtbus.events.NodeDispatchRequest;
import io.mgmtbus.events.NodeDispatchResponse;
import io.mgmtbus.events.NodeHello;
import io.mgmtbus.events.RequestLocation;
import io.mgmtbus.events.Result;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.apache.avro.specific.SpecificRecord;

/**
 * Any bytes a client can put on a topic decode to a value or fail with a {@link
 * WireFormatException} naming what is wrong, never with another exception (which a reader would
 * not expect, and could crash on) and never by exhausting memory. Against the real registry: the
 * schema ids in the headers are those it handed out.
 */
class WireFormatPropertiesTest {

    private static final ThroughKafka KAFKA = new ThroughKafka();
    private static final List<Class<? extends SpecificRecord>> EVENTS = List.of(
            NodeDispatchRequest.class,
            NodeDispatchResponse.class,
            NodeHello.class,
            DispatchOutcome.class,
            RequestLocation.class);
    private static final byte[] REQUEST = AvroWireSerde.of(NodeDispatchRequest.class, KAFKA.registryUrl())
            .serializer()
            .serialize(
                    KAFKA.topic,
                    NodeDispatchRequest.newBuilder()
                            .setReqid("r-1")
                            .setAction(List.of("get_id_value", "Cluster::node"))
                            .setNodes(List.of("worker-01", "manager"))
                            .setIssuedAt(Instant.now())
                            .setDeadline(Instant.now().plusSeconds(10))
                            .setRequester("property test")
                            .build());
    private static final byte[] OUTCOME = AvroWireSerde.of(DispatchOutcome.class, KAFKA.registryUrl())
            .serializer()
            .serialize(
                    KAFKA.topic + "-outcomes",
                    DispatchOutcome.newBuilder()
                            .setReqid("r-1")
                            .setAction(List.of("ping"))
                            .setTargeted(List.of("worker-01"))
                            .setResults(List.of(Result.newBuilder()
                                    .setReqid("r-1")
                                    .setNode("worker-01")
                                    .setSuccess(true)
                                    .setData("\"pong\"")
                                    .build()))
                            .setState(io.mgmtbus.events.OutcomeState.COMPLETE)
                            .setIssuedAt(Instant.now())
                            .setClosedAt(Instant.now())
                            .build());

    @Property(tries = 200)
    void anyBytesDecodeOrFailWithAWireFormatError(@ForAll @Size(max = 400) byte[] bytes) {
        EVENTS.forEach(type -> assertDecodesOrSaysWhy(type, bytes));
    }

    @Property(tries = 200)
    void anyPayloadAfterAKnownSchemaId(@ForAll @Size(max = 400) byte[] payload) {
        byte[] bytes = ByteBuffer.allocate(5 + payload.length)
                .put(REQUEST, 0, 5)
                .put(payload)
                .array();
        EVENTS.forEach(type -> assertDecodesOrSaysWhy(type, bytes));
    }

    @Property(tries = 500)
    void anyCorruptionOfARealRequest(
            @ForAll @IntRange(min = 0, max = 10_000) int where, @ForAll byte value, @ForAll boolean cut) {
        assertDecodesOrSaysWhy(NodeDispatchRequest.class, corrupted(REQUEST, where, value, cut));
    }

    @Property(tries = 500)
    void anyCorruptionOfARealOutcome(
            @ForAll @IntRange(min = 0, max = 10_000) int where, @ForAll byte value, @ForAll boolean cut) {
        assertDecodesOrSaysWhy(DispatchOutcome.class, corrupted(OUTCOME, where, value, cut));
    }

    @Example
    void aCollectionClaimingABillionItemsIsRefusedNotAllocated() {
        // header, reqid "r", then the action array's item count: zig-zag varint of 1,000,000,000
        ByteBuffer bytes = ByteBuffer.allocate(20).put(REQUEST, 0, 5).put(new byte[] {2, 'r'});
        long zigzag = 2_000_000_000L;
        while ((zigzag & ~0x7FL) != 0) {
            bytes.put((byte) ((zigzag & 0x7F) | 0x80));
            zigzag >>>= 7;
        }
        bytes.put((byte) zigzag);
        assertDecodesOrSaysWhy(NodeDispatchRequest.class, Arrays.copyOf(bytes.array(), bytes.position()));
    }

    /** One byte changed, then (when {@code cut}) everything after it dropped. */
    private static byte[] corrupted(byte[] original, int where, byte value, boolean cut) {
        int at = where % original.length;
        byte[] bytes = Arrays.copyOf(original, cut ? at + 1 : original.length);
        bytes[at] = value;
        return bytes;
    }

    private static void assertDecodesOrSaysWhy(Class<? extends SpecificRecord> type, byte[] bytes) {
        AvroWireDeserializer<Object> deserializer = new AvroWireDeserializer<>(
                type, io.mgmtbus.schemas.registry.SchemaRegistryClient.forUrl(KAFKA.registryUrl()));
        try {
            deserializer.deserialize(KAFKA.topic, bytes);
        } catch (WireFormatException expected) {
            assertThat(expected.getMessage()).as("the error says what is wrong").isNotBlank();
        } catch (Throwable other) {
            throw new AssertionError(
                    type.getSimpleName() + " from " + bytes.length + " bytes " + Arrays.toString(bytes)
                            + " failed with " + other,
                    other);
        }
    }
}
