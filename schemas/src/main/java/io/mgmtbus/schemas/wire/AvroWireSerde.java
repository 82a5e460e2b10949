package io.mgmtbus.schemas.wire;

import io.mgmtbus.schemas.registry.SchemaRegistryClient;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** Serde for one generated Avro class in the Confluent wire format, for plain clients and Kafka Streams. */
public final class AvroWireSerde<T extends SpecificRecord> implements Serde<T> {

    private final AvroWireSerializer<T> serializer;
    private final AvroWireDeserializer<T> deserializer;

    public AvroWireSerde(Class<T> type, SchemaRegistryClient registry) {
        this.serializer = new AvroWireSerializer<>(registry);
        this.deserializer = new AvroWireDeserializer<>(type, registry);
    }

    public static <T extends SpecificRecord> AvroWireSerde<T> of(Class<T> type, String registryUrl) {
        return of(type, SchemaRegistryClient.forUrl(registryUrl));
    }

    public static <T extends SpecificRecord> AvroWireSerde<T> of(Class<T> type, SchemaRegistryClient registry) {
        return new AvroWireSerde<>(type, registry);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        serializer.configure(configs, isKey);
        deserializer.configure(configs, isKey);
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }
}
