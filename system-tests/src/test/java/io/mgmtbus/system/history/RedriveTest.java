package io.mgmtbus.system.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.mgmtbus.contracts.deadletter.DeadLetter;
import io.mgmtbus.events.NodeDispatchRequest;
import io.mgmtbus.events.OutcomeState;
import io.mgmtbus.schemas.registry.SchemaRegistryClient;
import io.mgmtbus.system.CliRun;
import io.mgmtbus.system.LiveBus;
import io.mgmtbus.system.LiveBusPerClass;
import io.mgmtbus.testkit.TopicRecorder;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A request written with a schema the registry does not have yet is dead-lettered by every
 * component; once the schema is registered, {@code mgmt replay --from-deadletter} re-drives it
 * once (not once per dead letter), it completes, and a second run re-drives nothing.
 */
@Tag("slow")
class RedriveTest {

    @RegisterExtension
    static final LiveBusPerClass live = new LiveBusPerClass();

    @Test
    void aDeadLetteredRequestCompletesOnceItsSchemaIsRegistered() throws Exception {
        LiveBus bus = live.bus();
        SchemaRegistryClient registry = SchemaRegistryClient.forUrl(bus.config.schemaRegistryUrl());
        Schema v2 = withPriority(NodeDispatchRequest.getClassSchema());
        // The id the registry will give next: a probe takes one, the request's schema will take the one after.
        int next = registry.register(
                        "probe-" + UUID.randomUUID(),
                        Schema.createRecord(
                                "Probe" + UUID.randomUUID().toString().replace("-", ""),
                                null,
                                "probe",
                                false,
                                List.of()))
                + 1;
        String reqid = "redriven-" + UUID.randomUUID();
        byte[] value = encode(next, v2, reqid);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                bus.config.clientProperties(), new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(bus.topics.requests().name(), reqid.getBytes(), value))
                    .get();
        }
        try (TopicRecorder<byte[], byte[]> dlq = new TopicRecorder<>(bus.config, bus.topics.deadLetter())) {
            var dead = dlq.atLeast(4, Duration.ofSeconds(60));
            assertThat(dead)
                    .as("dead-lettered by the streams-app and each node")
                    .hasSize(4)
                    .allSatisfy(r -> assertThat(DeadLetter.header(r.headers(), DeadLetter.REASON))
                            .contains("unknown schema id " + next));
        }

        assertThat(registry.register(bus.topics.requests().name() + "-value", v2))
                .as("the missing schema gets the id used")
                .isEqualTo(next);
        CliRun first =
                CliRun.of(bus.config, "replay", "--from-deadletter", "--reason-contains", "unknown schema id " + next);
        assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
        assertThat(first.out())
                .contains(
                        "re-drove 1 record(s); skipped 3 other dead letter(s) of the same records and 0 re-driven before");

        var outcome = bus.exactlyOneOutcomeEach(List.of(reqid), Duration.ofSeconds(60))
                .get(reqid)
                .value();
        assertThat(outcome.getState()).isEqualTo(OutcomeState.COMPLETE);
        assertThat(outcome.getSuccessCount()).isEqualTo(LiveBus.NODES.size());

        CliRun second =
                CliRun.of(bus.config, "replay", "--from-deadletter", "--reason-contains", "unknown schema id " + next);
        assertThat(second.out())
                .contains(
                        "re-drove 0 record(s); skipped 0 other dead letter(s) of the same records and 4 re-driven before");
    }

    private static Schema withPriority(Schema v1) {
        List<Schema.Field> fields = new ArrayList<>();
        v1.getFields().forEach(f -> fields.add(new Schema.Field(f, f.schema())));
        fields.add(new Schema.Field("priority", Schema.create(Schema.Type.INT), "Added by a newer client.", 0));
        return Schema.createRecord(v1.getName(), v1.getDoc(), v1.getNamespace(), false, fields);
    }

    /** A request in the Confluent wire format under schema id {@code id}, as a newer client would write it. */
    private static byte[] encode(int id, Schema schema, String reqid) throws Exception {
        GenericRecord request = new GenericData.Record(schema);
        request.put("reqid", reqid);
        request.put("action", List.of("get_id_value", "Cluster::node"));
        request.put("nodes", List.of());
        request.put("issued_at", Instant.now().toEpochMilli());
        request.put("deadline", Instant.now().plusSeconds(120).toEpochMilli());
        request.put("requester", "newer-client");
        request.put("priority", 5);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(ByteBuffer.allocate(4).putInt(id).array());
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(request, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
