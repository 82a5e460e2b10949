package io.mgmtbus.schemas.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.mgmtbus.events.NodeDispatchRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/** The serdes configured the way Kafka users configure Confluent's: by class name and the usual property names. */
class SerdeConfigurationTest {

    private final ThroughKafka kafka = new ThroughKafka();
    private final String topic = kafka.topic;

    @Test
    void configuredByClassNameForSpecificAndGenericReaders() throws Exception {
        NodeDispatchRequest sent = NodeDispatchRequest.newBuilder()
                .setReqid("cfg-1")
                .setAction(List.of("ping"))
                .setIssuedAt(Instant.ofEpochMilli(1_764_000_000_000L))
                .build();
        try (var producer = new KafkaProducer<String, Object>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroWireSerializer.class.getName(),
                WireFormat.SCHEMA_REGISTRY_URL, kafka.registryUrl()))) {
            producer.send(new ProducerRecord<>(topic, "cfg-1", sent)).get();
        }

        Object specific = readFirst(Map.of(WireFormat.SPECIFIC_AVRO_READER, "true"));
        assertThat(specific).isInstanceOf(NodeDispatchRequest.class).isEqualTo(sent);

        Object generic = readFirst(Map.of());
        assertThat(generic).isInstanceOf(GenericRecord.class);
        assertThat(((GenericRecord) generic).get("reqid").toString()).isEqualTo("cfg-1");
        assertThat(((GenericRecord) generic).get("issued_at")).isEqualTo(1_764_000_000_000L);
    }

    @Test
    void withoutAutoRegisterAnUnregisteredSchemaIsRefused() {
        var serializer = new AvroWireSerializer<NodeDispatchRequest>();
        serializer.configure(
                Map.of(WireFormat.SCHEMA_REGISTRY_URL, kafka.registryUrl(), WireFormat.AUTO_REGISTER_SCHEMAS, "false"),
                false);
        NodeDispatchRequest request = NodeDispatchRequest.newBuilder()
                .setReqid("x")
                .setAction(List.of("ping"))
                .setIssuedAt(Instant.now())
                .build();
        Assertions.assertThatThrownBy(() -> serializer.serialize("never-registered-" + UUID.randomUUID(), request))
                .hasMessageContaining("40401");
    }

    private Object readFirst(Map<String, String> extra) {
        Map<String, Object> props = new HashMap<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "cfg-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, AvroWireDeserializer.class.getName(),
                WireFormat.SCHEMA_REGISTRY_URL, kafka.registryUrl()));
        props.putAll(extra);
        try (var consumer = new KafkaConsumer<String, Object>(props)) {
            consumer.subscribe(List.of(topic));
            for (int i = 0; i < 100; i++) {
                for (ConsumerRecord<String, Object> record : consumer.poll(Duration.ofMillis(200))) {
                    return record.value();
                }
            }
        }
        throw new AssertionError("nothing read from " + topic);
    }
}
