package io.mgmtbus.streams.hello;

import io.mgmtbus.events.NodeHello;
import io.mgmtbus.schemas.wire.WireFormatException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * A hello as the global node table reads it: decoded, or the reason it did not decode. The
 * global thread must never see a deserialization exception: Kafka Streams cannot dead-letter
 * from it, and an exception there stops the whole app. So the table reads leniently, skips what
 * is bad, and the guard topology ({@code io.mgmtbus.streams.guard}) dead-letters it.
 *
 * @param hello the decoded hello, null when {@code problem} is set
 * @param problem why the bytes did not decode, or null
 */
public record HelloReading(NodeHello hello, String problem) {

    /** Wraps {@code hellos}: a tombstone stays null, bad bytes become a reading with a problem. */
    public static Deserializer<HelloReading> lenient(Deserializer<NodeHello> hellos) {
        return new Deserializer<>() {
            @Override
            public HelloReading deserialize(String topic, byte[] data) {
                return deserialize(topic, null, data);
            }

            @Override
            public HelloReading deserialize(String topic, Headers headers, byte[] data) {
                if (data == null) {
                    return null;
                }
                try {
                    return new HelloReading(hellos.deserialize(topic, data), null);
                } catch (WireFormatException e) {
                    // Only bad bytes are skipped: a registry outage fails the global thread (and
                    // with it the app, which says so) rather than drop valid hellos.
                    return new HelloReading(null, "undecodable record: " + e.getMessage());
                }
            }
        };
    }
}
