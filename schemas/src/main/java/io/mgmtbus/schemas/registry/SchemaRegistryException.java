package io.mgmtbus.schemas.registry;

import org.apache.kafka.common.errors.SerializationException;

/** A registry call failed; carries the registry's own error code (e.g. 40403 schema not found). */
public class SchemaRegistryException extends SerializationException {

    /** Confluent error code for "schema not found". */
    public static final int SCHEMA_NOT_FOUND = 40403;

    private final int errorCode;

    public SchemaRegistryException(int errorCode, String message) {
        super(message);
        this.errorCode = errorCode;
    }

    public SchemaRegistryException(String message, Throwable cause) {
        super(message, cause);
        this.errorCode = -1;
    }

    public int errorCode() {
        return errorCode;
    }
}
