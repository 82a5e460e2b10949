package io.mgmtbus.registry;

import static io.mgmtbus.registry.RegistryHttp.schemaBody;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The endpoints and answer shapes Confluent's clients and tools rely on besides registration:
 * mode, types, what an id is used by, checks against every version, and errors (routes, methods,
 * media types, bodies) in Confluent's JSON shape.
 */
class RegistryEndpointsTest {

    private static final String V1 = """
            {"type":"record","name":"Shape","fields":[{"name":"a","type":"string"}]}""";
    private static final String V2 = """
            {"type":"record","name":"Shape","fields":[{"name":"a","type":"string"},{"name":"b","type":"int","default":1}]}""";
    /** Reads V2's data (b is there) but not V1's (no b, and no default for it). */
    private static final String V3_WITHOUT_DEFAULT_FOR_B = """
            {"type":"record","name":"Shape","fields":[{"name":"a","type":"string"},{"name":"b","type":"int"}]}""";

    @RegisterExtension
    static final RegistryPerClass registry = new RegistryPerClass();

    private final RegistryHttp http = registry.http();

    @Test
    void registrationAnswersWithIdVersionAndSchema() {
        String subject = RegistryHttp.subject();
        JsonNode registered = http.register(subject, V1);
        assertThat(registered.get("id").isInt()).isTrue();
        assertThat(registered.get("version").asInt()).isEqualTo(1);
        assertThat(registered.get("schemaType").asText()).isEqualTo("AVRO");
        assertThat(registered.get("schema").asText()).contains("\"name\":\"Shape\"");
    }

    @Test
    void modeTypesAndWhatAnIdIsUsedBy() {
        assertThat(http.call("GET", "/mode", null, 200).toString()).isEqualTo("{\"mode\":\"READWRITE\"}");
        assertThat(http.call("GET", "/schemas/types", null, 200).toString()).isEqualTo("[\"AVRO\"]");
        String a = RegistryHttp.subject();
        String b = RegistryHttp.subject();
        int id = http.register(a, V1).get("id").asInt();
        http.register(b, V1);

        http.error("GET", "/mode/" + a, null, 404, 40409);
        assertThat(http.call("GET", "/mode/" + a + "?defaultToGlobal=true", null, 200)
                        .get("mode")
                        .asText())
                .isEqualTo("READWRITE");
        assertThat(http.call("PUT", "/mode", "{\"mode\":\"READWRITE\"}", 200).toString())
                .isEqualTo("{\"mode\":\"READWRITE\"}");
        assertThat(http.error("PUT", "/mode", "{\"mode\":\"READONLY\"}", 422, 42204))
                .contains("READWRITE only");

        JsonNode subjects = http.call("GET", "/schemas/ids/" + id + "/subjects", null, 200);
        assertThat(subjects.toString()).contains(a).contains(b);
        JsonNode versions = http.call("GET", "/schemas/ids/" + id + "/versions", null, 200);
        assertThat(versions.toString())
                .contains("{\"subject\":\"" + a + "\",\"version\":1}")
                .contains("{\"subject\":\"" + b + "\",\"version\":1}");
        http.call("DELETE", "/subjects/" + b, null, 200);
        assertThat(http.call("GET", "/schemas/ids/" + id + "/subjects", null, 200)
                        .toString())
                .doesNotContain(b);
        assertThat(http.call("GET", "/schemas/ids/" + id + "/subjects?deleted=true", null, 200)
                        .toString())
                .contains(b);
    }

    @Test
    void compatibilityAgainstTheSubjectIsTheCheckARegistrationWouldMake() {
        String subject = RegistryHttp.subject();
        String path = "/compatibility/subjects/" + subject + "/versions";
        // Nothing registered yet: anything is compatible.
        assertThat(http.call("POST", path, schemaBody(V1), 200)
                        .get("is_compatible")
                        .asBoolean())
                .isTrue();
        http.register(subject, V1);
        http.register(subject, V2);
        // V3 reads V2 data (b present) but not V1 data (no b, no default): only a transitive check sees it.
        assertThat(http.call("POST", path, schemaBody(V3_WITHOUT_DEFAULT_FOR_B), 200)
                        .get("is_compatible")
                        .asBoolean())
                .isTrue();
        http.call("PUT", "/config/" + subject, "{\"compatibility\":\"BACKWARD_TRANSITIVE\"}", 200);
        JsonNode transitive = http.call("POST", path + "?verbose=true", schemaBody(V3_WITHOUT_DEFAULT_FOR_B), 200);
        assertThat(transitive.get("is_compatible").asBoolean()).isFalse();
        assertThat(transitive.get("messages").toString()).contains("b");
        http.error("POST", path + "/9", schemaBody(V1), 404, 40402);
    }

    @Test
    void errorsHaveConfluentsShape() {
        assertThat(http.call("GET", "/no/such/route", null, 404).toString())
                .isEqualTo("{\"error_code\":404,\"message\":\"HTTP 404 Not Found\"}");
        assertThat(http.call("PATCH", "/subjects", null, 405).toString())
                .isEqualTo("{\"error_code\":405,\"message\":\"HTTP 405 Method Not Allowed\"}");
        http.error("GET", "/schemas/ids/abc", null, 404, 404);

        String subject = RegistryHttp.subject();
        HttpResponse<String> plainText =
                http.send("POST", "/subjects/" + subject + "/versions", schemaBody(V1), "text/plain");
        assertThat(plainText.statusCode()).isEqualTo(415);
        assertThat(plainText.body())
                .startsWith("{\"error_code\":415,\"message\":\"HTTP 415 Unsupported Media Type: send Content-Type");
        // Confluent takes plain JSON, and a body without a type, too.
        assertThat(http.send("POST", "/subjects/" + subject + "/versions", schemaBody(V1), "application/json")
                        .statusCode())
                .isEqualTo(200);
        assertThat(http.send("POST", "/subjects/" + subject + "/versions", schemaBody(V1), null)
                        .statusCode())
                .isEqualTo(200);

        assertThat(http.error("POST", "/subjects/" + subject + "/versions", "{\"schema\": ", 400, 400))
                .contains("end-of-input");
        assertThat(http.error("POST", "/subjects/" + subject + "/versions", "{}", 422, 42201))
                .isEqualTo("Empty schema");
        assertThat(http.error(
                        "POST", "/subjects/" + subject + "/versions", RegistryHttp.schemaBody("{not avro"), 422, 42201))
                .startsWith("Invalid schema: not JSON: Unexpected character ('n'")
                .endsWith("(line 1, column 2)");
        assertThat(http.error("PUT", "/config", "{}", 422, 42203))
                .startsWith("Invalid compatibility level: the request has no \"compatibility\".");
    }

    @Test
    void jsonSchemaAndProtobufAreRefusedWithAPointerToConfluentsRegistry() {
        for (String type : new String[] {"JSON", "PROTOBUF"}) {
            String body = RegistryHttp.JSON
                    .createObjectNode()
                    .put("schemaType", type)
                    .put("schema", "{\"type\":\"object\"}")
                    .toString();
            assertThat(http.error("POST", "/subjects/" + RegistryHttp.subject() + "/versions", body, 422, 42201))
                    .isEqualTo(
                            "Invalid schema type " + type
                                    + ": this registry serves AVRO only; use Confluent's Schema Registry for JSON Schema and Protobuf");
        }
    }
}
