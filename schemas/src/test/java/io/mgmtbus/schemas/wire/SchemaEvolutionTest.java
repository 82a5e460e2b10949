package io.mgmtbus.schemas.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.mgmtbus.events.NodeDispatchRequest;
import io.mgmtbus.schemas.registry.SchemaRegistryClient;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

/** The evolution rule of docs/events.md (new fields only with defaults) keeps old and new readers working. */
class SchemaEvolutionTest {

    private final ThroughKafka kafka = new ThroughKafka();
    private final SchemaRegistryClient registry = SchemaRegistryClient.forUrl(kafka.registryUrl());

    @Test
    void anOldReaderReadsARecordWrittenWithAnAddedDefaultedField() throws Exception {
        Schema v2 = withPriorityField(NodeDispatchRequest.getClassSchema());
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        GenericRecord written = new GenericData.Record(v2);
        written.put("reqid", "evolved-1");
        written.put("action", List.of("ping"));
        written.put("nodes", List.of("worker-01"));
        written.put("issued_at", now.toEpochMilli());
        written.put("deadline", null);
        written.put("requester", "newer-tool");
        written.put("priority", 7);

        kafka.send(
                Serdes.String(),
                Serdes.serdeFrom(new AvroWireSerializer<GenericRecord>(registry), new AvroWireDeserializer<>()),
                "evolved-1",
                written);

        // The generated class (the old schema) reads it through the real topic.
        {
            NodeDispatchRequest read = kafka.read(
                            Serdes.String(), new AvroWireSerde<>(NodeDispatchRequest.class, registry), 1)
                    .get(0)
                    .value();
            assertThat(read.getReqid()).isEqualTo("evolved-1");
            assertThat(read.getAction()).containsExactly("ping");
            assertThat(read.getNodes()).containsExactly("worker-01");
            assertThat(read.getIssuedAt()).isEqualTo(now);
            assertThat(read.getRequester()).isEqualTo("newer-tool");
        }
    }

    @Test
    void aNewReaderGetsTheDefaultWhenReadingAnOldRecord() throws Exception {
        Schema v2 = withPriorityField(NodeDispatchRequest.getClassSchema());
        NodeDispatchRequest old = NodeDispatchRequest.newBuilder()
                .setReqid("old-1")
                .setAction(List.of("ping"))
                .setIssuedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .build();
        byte[] bytes = new AvroWireSerializer<NodeDispatchRequest>(registry).serialize(kafka.topic, old);

        // A v2 consumer: generic reader resolving the writer (v1) schema to v2.
        GenericRecord asV2 = new GenericDatumReader<GenericRecord>(NodeDispatchRequest.getClassSchema(), v2)
                .read(null, DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, null));
        assertThat(asV2.get("priority")).isEqualTo(0);
        assertThat(asV2.get("reqid").toString()).isEqualTo("old-1");
    }

    private static Schema withPriorityField(Schema v1) {
        List<Schema.Field> fields = new ArrayList<>();
        v1.getFields().forEach(f -> fields.add(new Schema.Field(f, f.schema())));
        fields.add(new Schema.Field("priority", Schema.create(Schema.Type.INT), "Added in v2.", 0));
        return Schema.createRecord(v1.getName(), v1.getDoc(), v1.getNamespace(), false, fields);
    }
}
