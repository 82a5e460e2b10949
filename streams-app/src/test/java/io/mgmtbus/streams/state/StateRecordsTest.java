package io.mgmtbus.streams.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.mgmtbus.contracts.dispatch.Results;
import io.mgmtbus.schemas.registry.InMemorySchemaRegistryClient;
import io.mgmtbus.schemas.registry.SchemaRegistryClient;
import io.mgmtbus.schemas.wire.AvroWireSerializer;
import java.time.Instant;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The streams-app's own state records: value semantics, and changelogs written before they moved still read. */
class StateRecordsTest {

    private final String scope = "state-" + UUID.randomUUID();
    private final String url = "mock://" + scope;

    @AfterEach
    void dropRegistry() {
        InMemorySchemaRegistryClient.dropScope(scope);
    }

    @Test
    void aChangelogRecordWrittenUnderTheOldEventsNamespaceStillReads() {
        Schema old = new Schema.Parser()
                .parse(PendingDispatch.getClassSchema()
                        .toString()
                        .replace("\"namespace\":\"io.mgmtbus.streams.state\"", "\"namespace\":\"io.mgmtbus.events\"")
                        .replace("\"aliases\":[\"io.mgmtbus.events.PendingDispatch\"],", ""));
        assertThat(old.getFullName()).isEqualTo("io.mgmtbus.events.PendingDispatch");
        Instant seen = Instant.ofEpochMilli(1_764_000_000_000L);
        // Fields added since (with defaults) take them; the namespace is what this test is about.
        GenericRecord written = new GenericRecordBuilder(old)
                .set("reqid", "r1")
                .set("request", null)
                .set("expected_count", 2)
                .set("answered_count", 1)
                .set("deadline", null)
                .set("timeout_ms", 10_000L)
                .set("first_seen", seen.toEpochMilli())
                .set("closed_at", null)
                .set("ignored", 0)
                .build();
        byte[] bytes =
                new AvroWireSerializer<GenericRecord>(SchemaRegistryClient.forUrl(url)).serialize("changelog", written);

        PendingDispatch read = StateSerdes.pending(SchemaRegistryClient.forUrl(url))
                .deserializer()
                .deserialize("changelog", bytes);

        assertThat(read.getReqid()).isEqualTo("r1");
        assertThat(read.getExpectedCount()).isEqualTo(2);
        assertThat(read.getAnsweredCount()).isEqualTo(1);
        assertThat(read.getFirstSeen()).isEqualTo(seen);
    }

    @Test
    void membersHoldingAResultHashAndCompareByIt() {
        DispatchMember one = member("1");
        assertThat(one).isEqualTo(member("1")).hasSameHashCodeAs(member("1"));
        assertThat(one).isNotEqualTo(member("2"));
        assertThat(one.hashCode()).isNotEqualTo(member("2").hashCode());
    }

    private static DispatchMember member(String data) {
        return DispatchMember.newBuilder()
                .setNode("worker-01")
                .setExpected(true)
                .setResult(Results.success("r1", "worker-01", null, data))
                .build();
    }
}
