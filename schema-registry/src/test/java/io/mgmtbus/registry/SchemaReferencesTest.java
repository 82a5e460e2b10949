package io.mgmtbus.registry;

import static io.mgmtbus.registry.RegistryHttp.schemaBody;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Avro schema references: a shared record type in a subject of its own, used by name from others. */
class SchemaReferencesTest {

    private static final String ADDRESS = """
            {"type":"record","name":"Address","namespace":"com.acme","fields":[{"name":"street","type":"string"}]}""";
    private static final String CUSTOMER = """
            {"type":"record","name":"Customer","namespace":"com.acme","fields":[
              {"name":"name","type":"string"},{"name":"home","type":"com.acme.Address"}]}""";
    private static final String CUSTOMER_V2 = """
            {"type":"record","name":"Customer","namespace":"com.acme","fields":[
              {"name":"name","type":"string"},{"name":"home","type":"com.acme.Address"},
              {"name":"work","type":["null","com.acme.Address"],"default":null}]}""";

    @RegisterExtension
    static final RegistryPerClass registry = new RegistryPerClass();

    private final RegistryHttp http = registry.http();

    @Test
    void aSchemaTakesANamedTypeFromAnotherSubjectAndReadsBackWithItsReferences() {
        String addresses = RegistryHttp.subject();
        String customers = RegistryHttp.subject();
        int addressId = http.register(addresses, ADDRESS).get("id").asInt();

        JsonNode registered = http.call(
                "POST",
                "/subjects/" + customers + "/versions",
                schemaBody(CUSTOMER, "com.acme.Address", addresses, 1),
                200);
        int customerId = registered.get("id").asInt();
        assertThat(customerId).isNotEqualTo(addressId);

        // The stored text names the referenced type instead of repeating it; the references come with it.
        JsonNode byId = http.call("GET", "/schemas/ids/" + customerId, null, 200);
        assertThat(byId.get("schema").asText()).contains("\"type\":\"Address\"").doesNotContain("street");
        assertThat(byId.get("references").toString())
                .isEqualTo("[{\"name\":\"com.acme.Address\",\"subject\":\"" + addresses + "\",\"version\":1}]");
        assertThat(http.call("GET", "/subjects/" + customers + "/versions/1", null, 200)
                        .get("references")
                        .get(0)
                        .get("subject")
                        .asText())
                .isEqualTo(addresses);
        assertThat(http.call("GET", "/subjects/" + addresses + "/versions/1/referencedby", null, 200)
                        .toString())
                .isEqualTo("[" + customerId + "]");

        // Lookup and evolution resolve the reference too.
        assertThat(http.call(
                                "POST",
                                "/subjects/" + customers,
                                schemaBody(CUSTOMER, "com.acme.Address", addresses, 1),
                                200)
                        .get("id")
                        .asInt())
                .isEqualTo(customerId);
        JsonNode evolved = http.call(
                "POST",
                "/subjects/" + customers + "/versions",
                schemaBody(CUSTOMER_V2, "com.acme.Address", addresses, 1),
                200);
        assertThat(evolved.get("version").asInt()).isEqualTo(2);

        // A referenced version cannot be deleted while it is used.
        assertThat(http.error("DELETE", "/subjects/" + addresses, null, 422, 42206))
                .startsWith("One or more references exist to the schema");
        http.error("DELETE", "/subjects/" + addresses + "/versions/1", null, 422, 42206);
    }

    @Test
    void theSameTextWithOtherReferencesIsAnotherSchema() {
        String addresses = RegistryHttp.subject();
        http.register(addresses, ADDRESS);
        http.call("PUT", "/config/" + addresses, "{\"compatibility\":\"NONE\"}", 200);
        http.register(addresses, ADDRESS.replace("street", "town"));
        String customers = RegistryHttp.subject();
        http.call("PUT", "/config/" + customers, "{\"compatibility\":\"NONE\"}", 200);

        int onV1 = http.call(
                        "POST",
                        "/subjects/" + customers + "/versions",
                        schemaBody(CUSTOMER, "com.acme.Address", addresses, 1),
                        200)
                .get("id")
                .asInt();
        // -1 names the latest version, and is stored as its number.
        JsonNode onLatest = http.call(
                "POST",
                "/subjects/" + customers + "/versions",
                schemaBody(CUSTOMER, "com.acme.Address", addresses, -1),
                200);
        assertThat(onLatest.get("id").asInt()).isNotEqualTo(onV1);
        assertThat(onLatest.get("references").get(0).get("version").asInt()).isEqualTo(2);
    }

    @Test
    void aReferenceToNothingOrAnUnknownTypeIsAnInvalidSchema() {
        String customers = RegistryHttp.subject();
        assertThat(http.error(
                        "POST",
                        "/subjects/" + customers + "/versions",
                        schemaBody(CUSTOMER, "com.acme.Address", "no-such-subject", 1),
                        422,
                        42201))
                .contains("No schema reference found for subject \"no-such-subject\" and version 1");
        assertThat(http.error("POST", "/subjects/" + customers + "/versions", schemaBody(CUSTOMER), 422, 42201))
                .startsWith("Invalid schema")
                .contains("com.acme.Address");
    }
}
