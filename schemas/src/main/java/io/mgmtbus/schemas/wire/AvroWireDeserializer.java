package io.mgmtbus.schemas.wire;

import io.mgmtbus.schemas.registry.SchemaRegistryClient;
import io.mgmtbus.schemas.registry.SchemaRegistryException;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads the Confluent wire format, resolving the writer schema (looked up by id) against the
 * reader schema: the generated class given at construction, or, without one, the generated class
 * named by the writer schema ({@code specific.avro.reader=true}) or a GenericRecord.
 * Bad bytes raise a {@link WireFormatException} that says what was wrong.
 */
public class AvroWireDeserializer<T> implements Deserializer<T> {

    static {
        TrustedEventClasses.install();
    }

    private final Class<? extends SpecificRecord> readerClass;
    private SchemaRegistryClient registry;
    private boolean specificReader;
    private final Map<Integer, DatumReader<T>> readers = new ConcurrentHashMap<>();

    /** For Kafka's config-driven instantiation; {@link #configure} must follow. */
    public AvroWireDeserializer() {
        this.readerClass = null;
    }

    public AvroWireDeserializer(Class<? extends SpecificRecord> readerClass, SchemaRegistryClient registry) {
        this.readerClass = readerClass;
        this.registry = registry;
        this.specificReader = true;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        SchemaRegistryClient configured = SchemaRegistryClient.forConfigs(configs);
        if (configured != null) {
            registry = configured;
        }
        Object specific = configs.get(WireFormat.SPECIFIC_AVRO_READER);
        if (specific != null && readerClass == null) {
            specificReader = Boolean.parseBoolean(specific.toString());
        }
    }

    @Override
    public T deserialize(String topic, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        if (bytes.length < WireFormat.HEADER_SIZE) {
            throw new WireFormatException("record of " + bytes.length + " bytes on " + topic
                    + " is too short for the Confluent wire format (5-byte header: magic byte and schema id)");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        byte magic = buffer.get();
        if (magic != WireFormat.MAGIC_BYTE) {
            throw new WireFormatException(String.format(
                    "unknown magic byte 0x%02x on %s: expected 0x00 (Confluent wire format)", magic, topic));
        }
        int id = buffer.getInt();
        DatumReader<T> reader = readerFor(id, topic);
        BinaryDecoder decoder = DecoderFactory.get()
                .binaryDecoder(bytes, WireFormat.HEADER_SIZE, bytes.length - WireFormat.HEADER_SIZE, null);
        try {
            T value = reader.read(null, decoder);
            if (!decoder.isEnd()) {
                throw new WireFormatException("corrupt Avro payload on " + topic + " (schema id " + id + "): "
                        + "bytes left over after the record");
            }
            return value;
        } catch (EOFException e) {
            throw new WireFormatException(
                    "truncated Avro payload on " + topic + " (schema id " + id + "): "
                            + "the record ends before its schema does",
                    e);
        } catch (IOException
                | AvroRuntimeException
                | IndexOutOfBoundsException
                | NegativeArraySizeException
                | UnsupportedOperationException e) {
            // UnsupportedOperationException: Avro's limits (SystemLimitException) refusing a length read from
            // corrupt bytes, e.g. a string "longer than 2147483639 bytes". Found by WireFormatPropertiesTest.
            throw new WireFormatException("corrupt Avro payload on " + topic + " (schema id " + id + "): " + e, e);
        }
    }

    private DatumReader<T> readerFor(int id, String topic) {
        DatumReader<T> cached = readers.get(id);
        if (cached != null) {
            return cached;
        }
        Schema writer;
        try {
            writer = registry.schemaById(id);
        } catch (SchemaRegistryException e) {
            if (e.errorCode() == SchemaRegistryException.SCHEMA_NOT_FOUND) {
                throw new WireFormatException(
                        "unknown schema id " + id + " on " + topic + ": the registry has no such schema", e);
            }
            throw e;
        }
        DatumReader<T> reader = newReader(writer);
        readers.put(id, reader);
        return reader;
    }

    @SuppressWarnings("unchecked")
    private DatumReader<T> newReader(Schema writer) {
        if (readerClass != null) {
            return new SpecificDatumReader<>(writer, SpecificData.get().getSchema(readerClass));
        }
        if (specificReader) {
            Class<?> generated = SpecificData.get().getClass(writer);
            if (generated == null) {
                throw new WireFormatException(
                        "no generated class for " + writer.getFullName() + " (specific.avro.reader=true)");
            }
            return new SpecificDatumReader<>(writer, SpecificData.get().getSchema(generated));
        }
        return (DatumReader<T>) new GenericDatumReader<>(writer);
    }
}
