package io.mgmtbus.schemas.wire;

/**
 * The Confluent wire format every Avro value on the bus uses: byte 0 is the magic byte 0,
 * bytes 1-4 the big-endian schema id in the registry, then the Avro binary encoding.
 */
public final class WireFormat {

    public static final byte MAGIC_BYTE = 0;
    public static final int HEADER_SIZE = 5;

    /** Serde property: base URL of the schema registry ({@code mock://scope} for an in-memory one). */
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    /**
     * Serde property, as Confluent's: where HTTP basic credentials for the registry come from,
     * {@code URL} (the URL's user-info) or {@code USER_INFO} ({@link #BASIC_AUTH_USER_INFO}).
     */
    public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";
    /** Serde property, as Confluent's: {@code user:password} for the registry's HTTP basic authentication. */
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    /** Serde property: register the writer schema on first use (default true). Otherwise it must already be registered. */
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    /** Serde property: decode into generated classes rather than GenericRecord (default false, as Confluent's). */
    public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";

    private WireFormat() {}

    /** Subject under the default topic-name strategy. */
    public static String subject(String topic, boolean isKey) {
        return topic + (isKey ? "-key" : "-value");
    }
}
