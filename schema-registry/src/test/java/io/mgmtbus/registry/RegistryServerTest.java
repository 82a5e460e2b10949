package io.mgmtbus.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The registry's REST API, as Confluent clients call it, against state kept in a real Kafka topic. */
class RegistryServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String V1 = """
            {"type":"record","name":"Thing","namespace":"t","fields":[{"name":"a","type":"string"}]}""";
    private static final String V2_DEFAULTED = """
            {"type":"record","name":"Thing","namespace":"t","fields":[{"name":"a","type":"string"},
             {"name":"b","type":"int","default":0}]}""";
    private static final String V2_NO_DEFAULT = """
            {"type":"record","name":"Thing","namespace":"t","fields":[{"name":"a","type":"string"},{"name":"c","type":"int"}]}""";

    private static String bootstrap;
    private static String topic;
    private static RegistryServer registry;

    @BeforeAll
    static void start() {
        bootstrap = TestBroker.bootstrapServers();
        topic = TestBroker.newTopic();
        registry = RegistryServer.start(bootstrap, topic, "127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    @Test
    void registersAndLooksUpByIdAndBySubject() throws Exception {
        String subject = subject();
        JsonNode registered = call("POST", "/subjects/" + subject + "/versions", schemaBody(V1), 200);
        int id = registered.get("id").asInt();

        assertThat(call("GET", "/schemas/ids/" + id, null, 200).get("schema").asText())
                .contains("\"name\":\"Thing\"");
        assertThat(call("GET", "/subjects", null, 200).toString()).contains(subject);
        assertThat(call("GET", "/subjects/" + subject + "/versions", null, 200).toString())
                .isEqualTo("[1]");
        JsonNode latest = call("GET", "/subjects/" + subject + "/versions/latest", null, 200);
        assertThat(latest.get("id").asInt()).isEqualTo(id);
        assertThat(latest.get("version").asInt()).isEqualTo(1);
        assertThat(latest.get("subject").asText()).isEqualTo(subject);
        JsonNode lookedUp = call("POST", "/subjects/" + subject, schemaBody(V1), 200);
        assertThat(lookedUp.get("id").asInt()).isEqualTo(id);

        // Registering the same schema again is idempotent.
        assertThat(call("POST", "/subjects/" + subject + "/versions", schemaBody(V1), 200)
                        .get("id")
                        .asInt())
                .isEqualTo(id);
    }

    @Test
    void acceptsACompatibleEvolutionAndRejectsAnIncompatibleOne() throws Exception {
        String subject = subject();
        int v1 = call("POST", "/subjects/" + subject + "/versions", schemaBody(V1), 200)
                .get("id")
                .asInt();

        JsonNode check = call(
                "POST",
                "/compatibility/subjects/" + subject + "/versions/latest?verbose=true",
                schemaBody(V2_NO_DEFAULT),
                200);
        assertThat(check.get("is_compatible").asBoolean()).isFalse();
        assertThat(check.get("messages").toString()).contains("c");

        JsonNode rejected = call("POST", "/subjects/" + subject + "/versions", schemaBody(V2_NO_DEFAULT), 409);
        assertThat(rejected.get("error_code").asInt()).isEqualTo(40901);
        assertThat(rejected.get("message").asText())
                .startsWith("Schema being registered is incompatible with an earlier schema");

        int v2 = call("POST", "/subjects/" + subject + "/versions", schemaBody(V2_DEFAULTED), 200)
                .get("id")
                .asInt();
        assertThat(v2).isNotEqualTo(v1);
        assertThat(call("GET", "/subjects/" + subject + "/versions", null, 200).toString())
                .isEqualTo("[1,2]");

        // With NONE on the subject, the incompatible one is accepted.
        call("PUT", "/config/" + subject, "{\"compatibility\":\"NONE\"}", 200);
        assertThat(call("GET", "/config/" + subject, null, 200)
                        .get("compatibilityLevel")
                        .asText())
                .isEqualTo("NONE");
        call("POST", "/subjects/" + subject + "/versions", schemaBody(V2_NO_DEFAULT), 200);
        assertThat(call("GET", "/config", null, 200).get("compatibilityLevel").asText())
                .isEqualTo("BACKWARD");
    }

    @Test
    void restartKeepsEverySchemaWithTheSameIds() throws Exception {
        String subject = subject();
        int id1 = call("POST", "/subjects/" + subject + "/versions", schemaBody(V1), 200)
                .get("id")
                .asInt();
        int id2 = call("POST", "/subjects/" + subject + "/versions", schemaBody(V2_DEFAULTED), 200)
                .get("id")
                .asInt();

        registry.close();
        registry = RegistryServer.start(bootstrap, topic, "127.0.0.1", 0);

        assertThat(call("GET", "/subjects/" + subject + "/versions/1", null, 200)
                        .get("id")
                        .asInt())
                .isEqualTo(id1);
        assertThat(call("GET", "/subjects/" + subject + "/versions/2", null, 200)
                        .get("id")
                        .asInt())
                .isEqualTo(id2);
        assertThat(call("GET", "/schemas/ids/" + id2, null, 200).get("schema").asText())
                .contains("\"b\"");
        // A new schema after the restart gets a fresh id, not a reused one.
        int id3 = call(
                        "POST",
                        "/subjects/" + subject() + "/versions",
                        schemaBody("{\"type\":\"record\",\"name\":\"Other\",\"fields\":[]}"),
                        200)
                .get("id")
                .asInt();
        assertThat(id3).isGreaterThan(Math.max(id1, id2));
    }

    @Test
    void twoInstancesOnOneTopicAgreeOnIds() throws Exception {
        String subject = subject();
        int id1 = call("POST", "/subjects/" + subject + "/versions", schemaBody(V1), 200)
                .get("id")
                .asInt();
        try (RegistryServer second = RegistryServer.start(bootstrap, topic, "127.0.0.1", 0)) {
            JsonNode seen = JSON.readTree(HTTP.send(
                            HttpRequest.newBuilder(URI.create(second.url() + "/subjects/" + subject + "/versions/1"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body());
            assertThat(seen.get("id").asInt()).isEqualTo(id1);
            String other = subject();
            int id2 = JSON.readTree(HTTP.send(
                                    HttpRequest.newBuilder(
                                                    URI.create(second.url() + "/subjects/" + other + "/versions"))
                                            .header("Content-Type", RegistryApi.CONTENT_TYPE)
                                            .POST(HttpRequest.BodyPublishers.ofString(schemaBody(
                                                    "{\"type\":\"record\",\"name\":\"Second\",\"fields\":[]}")))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .body())
                    .get("id")
                    .asInt();
            assertThat(id2).isGreaterThan(id1);
            // The first instance reads what the second wrote, with the same id.
            int id3 = call(
                            "POST",
                            "/subjects/" + subject() + "/versions",
                            schemaBody("{\"type\":\"record\",\"name\":\"Second\",\"fields\":[]}"),
                            200)
                    .get("id")
                    .asInt();
            assertThat(id3).isEqualTo(id2);
        }
    }

    @Test
    void unreadableRecordsInTheSchemaLogAreSkippedNowAndAfterARestart() throws Exception {
        String subject = subject();
        int id = call("POST", "/subjects/" + subject + "/versions", schemaBody(V1), 200)
                .get("id")
                .asInt();
        // What any client with write access could put on the log: bytes that are not JSON, a key of no
        // known type, a schema record without its fields, an announcement without a URL.
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", bootstrap), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (String[] record : new String[][] {
                {"\u0000\u0001not json", "\u00ff"},
                {"{\"keytype\":\"WHATEVER\",\"magic\":0}", "{}"},
                {"{\"keytype\":\"SCHEMA\",\"subject\":\"x\",\"version\":1,\"magic\":1}", "{\"subject\":\"x\"}"},
                {"{\"keytype\":\"LEADER\",\"magic\":0}", "{\"generation\":3}"}
            }) {
                producer.send(new ProducerRecord<>(
                                topic,
                                0,
                                record[0].getBytes(StandardCharsets.UTF_8),
                                record[1].getBytes(StandardCharsets.UTF_8)))
                        .get();
            }
        }
        // Still serving, writes included, and a restart replays past them.
        String other = subject();
        call("POST", "/subjects/" + other + "/versions", schemaBody(V2_DEFAULTED), 200);
        registry.close();
        registry = RegistryServer.start(bootstrap, topic, "127.0.0.1", 0);
        assertThat(call("GET", "/schemas/ids/" + id, null, 200).get("schema").asText())
                .contains("Thing");
        assertThat(call("GET", "/subjects", null, 200).toString())
                .contains(subject)
                .contains(other)
                .doesNotContain("\"x\"");
        call("POST", "/subjects/" + subject() + "/versions", schemaBody(V1), 200);
    }

    @Test
    void badInputsGetConfluentErrorCodes() throws Exception {
        String subject = subject();
        JsonNode invalid =
                call("POST", "/subjects/" + subject + "/versions", schemaBody("{\"type\":\"record\",\"name\":"), 422);
        assertThat(invalid.get("error_code").asInt()).isEqualTo(42201);
        assertThat(invalid.get("message").asText()).startsWith("Invalid schema");

        assertThat(call("GET", "/schemas/ids/424242", null, 404)
                        .get("error_code")
                        .asInt())
                .isEqualTo(40403);
        assertThat(call("GET", "/subjects/nope-" + subject + "/versions", null, 404)
                        .get("error_code")
                        .asInt())
                .isEqualTo(40401);
        call("POST", "/subjects/" + subject + "/versions", schemaBody(V1), 200);
        assertThat(call("GET", "/subjects/" + subject + "/versions/9", null, 404)
                        .get("error_code")
                        .asInt())
                .isEqualTo(40402);
        assertThat(call("GET", "/subjects/" + subject + "/versions/x", null, 422)
                        .get("error_code")
                        .asInt())
                .isEqualTo(42202);
        assertThat(call("PUT", "/config", "{\"compatibility\":\"SIDEWAYS\"}", 422)
                        .get("error_code")
                        .asInt())
                .isEqualTo(42203);
        assertThat(call("POST", "/subjects/" + subject + "/versions", "not json", 400)
                        .get("message")
                        .asText())
                .contains("Unrecognized token 'not'");
        // Still serving after all of that.
        assertThat(call("GET", "/subjects/" + subject + "/versions", null, 200).toString())
                .isEqualTo("[1]");
    }

    private static String subject() {
        return RegistryHttp.subject();
    }

    private static String schemaBody(String schema) {
        return RegistryHttp.schemaBody(schema);
    }

    private static JsonNode call(String method, String path, String body, int expectedStatus) {
        return new RegistryHttp(registry).call(method, path, body, expectedStatus);
    }
}
