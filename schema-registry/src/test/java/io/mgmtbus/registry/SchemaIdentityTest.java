package io.mgmtbus.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One id per schema as Confluent judges sameness: the canonical text, so whitespace does not
 * count but {@code doc}, {@code aliases} and an enum default do; {@code ?normalize=true} also
 * ignores the order of custom properties and aliases.
 */
class SchemaIdentityTest {

    @RegisterExtension
    static final RegistryPerClass registry = new RegistryPerClass();

    private final RegistryHttp http = registry.http();

    @Test
    void whitespaceAndPrimitiveShorthandDoNotMakeANewSchema() {
        String subject = RegistryHttp.subject();
        JsonNode first = http.register(subject, """
                {"type":"record","name":"Same","fields":[{"name":"a","type":"string"}]}""");
        JsonNode second = http.register(subject, """
                {
                  "type" : "record", "name" : "Same",
                  "fields" : [ { "name" : "a", "type" : {"type": "string"} } ]
                }""");
        assertThat(second.get("id").asInt()).isEqualTo(first.get("id").asInt());
        assertThat(second.get("version").asInt()).isEqualTo(1);
    }

    @Test
    void docAliasesAndEnumDefaultEachMakeANewIdAndVersion() {
        String subject = RegistryHttp.subject();
        String plain = """
                {"type":"record","name":"Doc","fields":[{"name":"e","type":{"type":"enum","name":"E","symbols":["A","B"]}}]}""";
        String withDoc = plain.replace("\"name\":\"Doc\",", "\"name\":\"Doc\",\"doc\":\"what it is\",");
        String withAliases = withDoc.replace("\"name\":\"Doc\",", "\"name\":\"Doc\",\"aliases\":[\"Old\"],");
        String withEnumDefault =
                withAliases.replace("\"symbols\":[\"A\",\"B\"]", "\"symbols\":[\"A\",\"B\"],\"default\":\"A\"");

        int[] ids = new int[4];
        int version = 0;
        for (String schema : new String[] {plain, withDoc, withAliases, withEnumDefault}) {
            JsonNode registered = http.register(subject, schema);
            ids[version] = registered.get("id").asInt();
            assertThat(registered.get("version").asInt()).isEqualTo(++version);
        }
        assertThat(ids).doesNotHaveDuplicates();
        // Each id keeps its own text: what a consumer decodes with is what was registered.
        assertThat(http.call("GET", "/schemas/ids/" + ids[1], null, 200)
                        .get("schema")
                        .asText())
                .contains("what it is")
                .doesNotContain("Old");
        assertThat(http.call("GET", "/schemas/ids/" + ids[3], null, 200)
                        .get("schema")
                        .asText())
                .contains("\"default\":\"A\"");
    }

    @Test
    void theSameSchemaInAnotherSubjectKeepsItsId() {
        String schema = """
                {"type":"record","name":"Shared","fields":[]}""";
        int id = http.register(RegistryHttp.subject(), schema).get("id").asInt();
        JsonNode elsewhere = http.register(RegistryHttp.subject(), schema);
        assertThat(elsewhere.get("id").asInt()).isEqualTo(id);
        assertThat(elsewhere.get("version").asInt()).isEqualTo(1);
    }

    @Test
    void normalizeIgnoresTheOrderOfPropertiesAndAliases() {
        String subject = RegistryHttp.subject();
        String oneOrder = """
                {"type":"record","name":"N","aliases":["X","W"],"owner":"ops","team":"bus","fields":[]}""";
        String otherOrder = """
                {"type":"record","name":"N","aliases":["W","X"],"team":"bus","owner":"ops","fields":[]}""";
        int id = http.call(
                        "POST",
                        "/subjects/" + subject + "/versions?normalize=true",
                        RegistryHttp.schemaBody(oneOrder),
                        200)
                .get("id")
                .asInt();

        JsonNode normalized = http.call(
                "POST", "/subjects/" + subject + "/versions?normalize=true", RegistryHttp.schemaBody(otherOrder), 200);
        assertThat(normalized.get("id").asInt()).isEqualTo(id);
        assertThat(normalized.get("version").asInt()).isEqualTo(1);
        assertThat(http.call(
                                "POST",
                                "/subjects/" + subject + "?normalize=true",
                                RegistryHttp.schemaBody(otherOrder),
                                200)
                        .get("id")
                        .asInt())
                .isEqualTo(id);

        // Without normalize the order is part of the text, as in Confluent's registry.
        http.error("POST", "/subjects/" + subject, RegistryHttp.schemaBody(otherOrder), 404, 40403);
    }
}
