package io.mgmtbus.schemas.wire;

import io.mgmtbus.schemas.registry.SchemaRegistryClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro records (generated or generic) in the Confluent wire format, registering the
 * writer schema under {@code <topic>-value} (or {@code -key}) on first use.
 */
public class AvroWireSerializer<T extends GenericContainer> implements Serializer<T> {

    private SchemaRegistryClient registry;
    private boolean autoRegister = true;
    private boolean isKey;
    /** Building a datum writer resolves the record's classes by reflection: once per schema, not per record. */
    private final Map<Schema, DatumWriter<T>> specificWriters = new ConcurrentHashMap<>();

    private final Map<Schema, DatumWriter<T>> genericWriters = new ConcurrentHashMap<>();

    /** For Kafka's config-driven instantiation; {@link #configure} must follow. */
    public AvroWireSerializer() {}

    public AvroWireSerializer(SchemaRegistryClient registry) {
        this.registry = registry;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.isKey = isKey;
        SchemaRegistryClient configured = SchemaRegistryClient.forConfigs(configs);
        if (configured != null) {
            registry = configured;
        }
        Object auto = configs.get(WireFormat.AUTO_REGISTER_SCHEMAS);
        if (auto != null) {
            autoRegister = Boolean.parseBoolean(auto.toString());
        }
    }

    @Override
    public byte[] serialize(String topic, T record) {
        if (record == null) {
            return null;
        }
        if (registry == null) {
            throw new SerializationException(WireFormat.SCHEMA_REGISTRY_URL + " is not configured");
        }
        Schema schema = record.getSchema();
        String subject = WireFormat.subject(topic, isKey);
        int id = autoRegister ? registry.register(subject, schema) : registry.lookup(subject, schema);
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.write(WireFormat.MAGIC_BYTE);
        out.writeBytes(ByteBuffer.allocate(4).putInt(id).array());
        try {
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            DatumWriter<T> writer = record instanceof SpecificRecord
                    ? specificWriters.computeIfAbsent(schema, SpecificDatumWriter::new)
                    : genericWriters.computeIfAbsent(schema, GenericDatumWriter::new);
            writer.write(record, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException(
                    "cannot encode " + schema.getFullName() + " for topic " + topic + ": " + e.getMessage(), e);
        }
        return out.toByteArray();
    }
}
