package io.mgmtbus.registry;

import static io.mgmtbus.registry.RegistryHttp.schemaBody;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Soft and permanent deletes of subjects, versions and subject configs, with Confluent's answers and errors. */
class SubjectDeletionTest {

    private static final String V1 = """
            {"type":"record","name":"Gone","fields":[{"name":"a","type":"string"}]}""";
    private static final String V2 = """
            {"type":"record","name":"Gone","fields":[{"name":"a","type":"string"},{"name":"b","type":"int","default":0}]}""";

    @RegisterExtension
    static final RegistryPerClass registry = new RegistryPerClass();

    private final RegistryHttp http = registry.http();

    @Test
    void softDeleteHidesASubjectUntilAskedForDeletedOnesAndKeepsItsIds() {
        String subject = RegistryHttp.subject();
        int id1 = http.register(subject, V1).get("id").asInt();
        int id2 = http.register(subject, V2).get("id").asInt();

        assertThat(http.call("DELETE", "/subjects/" + subject, null, 200).toString())
                .isEqualTo("[1,2]");

        assertThat(http.call("GET", "/subjects", null, 200).toString()).doesNotContain(subject);
        assertThat(http.call("GET", "/subjects?deleted=true", null, 200).toString())
                .contains(subject);
        assertThat(http.call("GET", "/subjects?deletedOnly=true", null, 200).toString())
                .contains(subject);
        http.error("GET", "/subjects/" + subject + "/versions", null, 404, 40401);
        assertThat(http.call("GET", "/subjects/" + subject + "/versions?deleted=true", null, 200)
                        .toString())
                .isEqualTo("[1,2]");
        assertThat(http.call("GET", "/subjects/" + subject + "/versions/2?deleted=true", null, 200)
                        .get("id")
                        .asInt())
                .isEqualTo(id2);
        // Data written with a deleted schema stays readable.
        assertThat(http.call("GET", "/schemas/ids/" + id1, null, 200)
                        .get("schema")
                        .asText())
                .contains("Gone");
        assertThat(http.error("DELETE", "/subjects/" + subject, null, 404, 40404))
                .isEqualTo("Subject '" + subject + "' was soft deleted.Set permanent=true to delete permanently");

        // Registered again: the same id, a new version, and the soft-deleted version of it is gone.
        var again = http.register(subject, V1);
        assertThat(again.get("id").asInt()).isEqualTo(id1);
        assertThat(again.get("version").asInt()).isEqualTo(3);
        assertThat(http.call("GET", "/subjects/" + subject + "/versions?deleted=true", null, 200)
                        .toString())
                .isEqualTo("[2,3]");
    }

    @Test
    void permanentDeleteNeedsASoftDeleteFirstAndThenRemovesEverything() {
        String subject = RegistryHttp.subject();
        // A schema no other subject holds, so nothing else keeps its id alive.
        String only = V1.replace("Gone", "OnlyHere");
        int id = http.register(subject, only).get("id").asInt();
        http.call("PUT", "/config/" + subject, "{\"compatibility\":\"FULL\"}", 200);

        assertThat(http.error("DELETE", "/subjects/" + subject + "?permanent=true", null, 404, 40405))
                .isEqualTo("Subject '" + subject + "' was not deleted first before being permanently deleted");
        http.call("DELETE", "/subjects/" + subject, null, 200);
        assertThat(http.call("DELETE", "/subjects/" + subject + "?permanent=true", null, 200)
                        .toString())
                .isEqualTo("[1]");

        http.error("GET", "/subjects/" + subject + "/versions?deleted=true", null, 404, 40401);
        assertThat(http.call("GET", "/subjects?deleted=true", null, 200).toString())
                .doesNotContain(subject);
        assertThat(http.error("GET", "/schemas/ids/" + id, null, 404, 40403)).isEqualTo("Schema " + id + " not found");
        http.error("GET", "/config/" + subject, null, 404, 40408); // its config went with it
        http.error("DELETE", "/subjects/" + subject + "?permanent=true", null, 404, 40401);

        // Registered anew: numbering starts again, and the schema gets its old id back.
        var anew = http.register(subject, only);
        assertThat(anew.get("version").asInt()).isEqualTo(1);
        assertThat(anew.get("id").asInt()).isEqualTo(id);
    }

    @Test
    void anIdIsNeverGivenAgainEvenAfterCompactionRemovedItsSchema() throws Exception {
        String topic = TestBroker.newTopic();
        int highest;
        try (RegistryServer own = TestBroker.startRegistry(topic)) {
            RegistryHttp ownHttp = new RegistryHttp(own);
            ownHttp.register("first-value", V1);
            String subject = "last-value";
            highest = ownHttp.register(subject, V1.replace("Gone", "Last"))
                    .get("id")
                    .asInt();
            ownHttp.call("DELETE", "/subjects/" + subject, null, 200);
            ownHttp.call("DELETE", "/subjects/" + subject + "?permanent=true", null, 200);
        }
        // What compaction leaves once the tombstones' retention is over: no record of "last-value" at all.
        String compacted = TestBroker.newTopic();
        copyWithout(topic, compacted, "\"subject\":\"last-value\"");
        try (RegistryServer afterCompaction = TestBroker.startRegistry(compacted)) {
            int next = new RegistryHttp(afterCompaction)
                    .register("new-value", V1.replace("Gone", "New"))
                    .get("id")
                    .asInt();
            assertThat(next).isGreaterThan(highest);
        }
    }

    /** Copies the schema log {@code from} into {@code to}, leaving out every record whose key contains {@code dropped}. */
    private static void copyWithout(String from, String to, String dropped) throws Exception {
        Map<String, Object> config =
                Map.of("bootstrap.servers", TestBroker.bootstrapServers(), "isolation.level", "read_committed");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestBroker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(to, 1, (short) 1).configs(Map.of("cleanup.policy", "compact"))))
                    .all()
                    .get();
        }
        try (KafkaConsumer<byte[], byte[]> consumer =
                        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
                KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                        Map.of("bootstrap.servers", TestBroker.bootstrapServers()),
                        new ByteArraySerializer(),
                        new ByteArraySerializer())) {
            TopicPartition partition = new TopicPartition(from, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (!new String(record.key(), StandardCharsets.UTF_8).contains(dropped)) {
                        producer.send(new ProducerRecord<>(to, 0, record.key(), record.value()))
                                .get();
                    }
                }
            }
            producer.flush();
        }
    }

    @Test
    void versionsAreDeletedOneByOne() {
        String subject = RegistryHttp.subject();
        http.register(subject, V1);
        http.register(subject, V2);

        assertThat(http.call("DELETE", "/subjects/" + subject + "/versions/1", null, 200)
                        .asInt())
                .isEqualTo(1);
        assertThat(http.call("GET", "/subjects/" + subject + "/versions", null, 200)
                        .toString())
                .isEqualTo("[2]");
        http.error("GET", "/subjects/" + subject + "/versions/1", null, 404, 40402);
        assertThat(http.error("DELETE", "/subjects/" + subject + "/versions/1", null, 404, 40406))
                .isEqualTo("Subject '" + subject
                        + "' Version 1 was soft deleted.Set permanent=true to delete permanently");
        // "latest" is the latest live version: deleting it for good without a soft delete first is refused.
        assertThat(http.error("DELETE", "/subjects/" + subject + "/versions/latest?permanent=true", null, 404, 40407))
                .isEqualTo(
                        "Subject '" + subject + "' Version 2 was not deleted first before being permanently deleted");
        assertThat(http.call("DELETE", "/subjects/" + subject + "/versions/1?permanent=true", null, 200)
                        .asInt())
                .isEqualTo(1);
        assertThat(http.call("GET", "/subjects/" + subject + "/versions?deleted=true", null, 200)
                        .toString())
                .isEqualTo("[2]");
        http.error("DELETE", "/subjects/" + subject + "/versions/7", null, 404, 40402);
        http.error("DELETE", "/subjects/" + subject + "/versions/zero", null, 422, 42202);

        // A soft-deleted number is never handed out again.
        http.call("DELETE", "/subjects/" + subject + "/versions/2", null, 200);
        assertThat(http.call("POST", "/subjects/" + subject + "/versions", schemaBody(V2), 200)
                        .get("version")
                        .asInt())
                .isEqualTo(3);
    }

    @Test
    void subjectsCanBeListedByPrefix() {
        String prefix = "p" + System.nanoTime() + "-";
        http.register(prefix + "a-value", V1);
        http.register(prefix + "b-value", V1);
        http.register("other-" + prefix, V1);
        assertThat(http.call("GET", "/subjects?subjectPrefix=" + prefix, null, 200)
                        .toString())
                .isEqualTo("[\"" + prefix + "a-value\",\"" + prefix + "b-value\"]");
    }

    @Test
    void aSubjectConfigIsDeletedAndTheGlobalOneAppliesAgain() {
        String subject = RegistryHttp.subject();
        http.register(subject, V1);
        http.call("PUT", "/config/" + subject, "{\"compatibility\":\"NONE\"}", 200);
        assertThat(http.call("DELETE", "/config/" + subject, null, 200).toString())
                .isEqualTo("{\"compatibilityLevel\":\"NONE\"}");
        http.error("GET", "/config/" + subject, null, 404, 40408);
        assertThat(http.call("GET", "/config/" + subject + "?defaultToGlobal=true", null, 200)
                        .get("compatibilityLevel")
                        .asText())
                .isEqualTo("BACKWARD");
        http.error("DELETE", "/config/" + subject, null, 404, 40401);
    }
}
