package io.mgmtbus.system;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The worst records any client could write to a bus topic, in the raw: random bytes, a wrong
 * magic byte, an unknown schema id, truncated Avro, a null value, an empty key. Each is built
 * from a valid encoding of the topic's event, so only the one thing named is wrong.
 */
public final class BadRecords {

    public enum Kind {
        RANDOM_BYTES,
        WRONG_MAGIC,
        UNKNOWN_SCHEMA_ID,
        TRUNCATED_AVRO,
        NULL_VALUE,
        EMPTY_KEY
    }

    private final Random random;

    public BadRecords(long seed) {
        this.random = new Random(seed);
    }

    /**
     * A bad record for {@code topic}, made from {@code valid} (a correct encoding whose key is
     * {@code validKey}). On a compacted topic a null value with a key is a valid tombstone, so
     * there the null value comes with an empty key.
     */
    public ProducerRecord<byte[], byte[]> of(
            Kind kind, String topic, String validKey, byte[] valid, boolean compacted) {
        byte[] key = utf8(validKey);
        byte[] value = switch (kind) {
            case RANDOM_BYTES -> randomBytes(random.nextInt(64));
            case WRONG_MAGIC -> withByte(valid, 0, (byte) (1 + random.nextInt(255)));
            case UNKNOWN_SCHEMA_ID -> withSchemaId(valid, 1_000_000 + random.nextInt(1_000_000));
            case TRUNCATED_AVRO -> Arrays.copyOf(valid, 5 + random.nextInt(valid.length - 5));
            case NULL_VALUE -> null;
            case EMPTY_KEY -> valid;
        };
        if (kind == Kind.EMPTY_KEY || (kind == Kind.NULL_VALUE && compacted)) {
            key = new byte[0];
        }
        return new ProducerRecord<>(topic, key, value);
    }

    public Kind kind(int i) {
        return Kind.values()[i % Kind.values().length];
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] withByte(byte[] bytes, int index, byte b) {
        byte[] copy = bytes.clone();
        copy[index] = b;
        return copy;
    }

    private static byte[] withSchemaId(byte[] bytes, int id) {
        byte[] copy = bytes.clone();
        ByteBuffer.wrap(copy).putInt(1, id);
        return copy;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
