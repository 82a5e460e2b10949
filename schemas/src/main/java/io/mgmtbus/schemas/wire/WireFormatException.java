package io.mgmtbus.schemas.wire;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A record's bytes could not be decoded. The message says which way they were bad (too short,
 * wrong magic byte, unknown schema id, truncated or corrupt Avro) so a dead-letter reason is useful.
 */
public class WireFormatException extends SerializationException {

    public WireFormatException(String message) {
        super(message);
    }

    public WireFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
