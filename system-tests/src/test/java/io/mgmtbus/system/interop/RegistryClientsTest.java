package io.mgmtbus.system.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mgmtbus.registry.RegistryServer;
import io.mgmtbus.system.ExternalProcess;
import io.mgmtbus.system.NodePackages;
import io.mgmtbus.testcluster.TestCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The embedded registry as Confluent's own clients see it: Debian's python3-confluent-kafka (the
 * old CachedSchemaRegistryClient with its Avro serdes, and the newer SchemaRegistryClient) and
 * kafkajs's {@code @kafkajs/confluent-schema-registry}, against two instances sharing one schema
 * log: register, look up, evolve, delete (soft and permanent), references, and concurrent
 * registrations through both instances with no id given twice and no version lost.
 */
@Tag("slow")
class RegistryClientsTest {

    private static final String PYTHON = "/usr/bin/python3";
    private static final int ROUNDS = 15;

    private static RegistryServer a;
    private static RegistryServer b;

    @BeforeAll
    static void startTwoInstances() throws Exception {
        String topic = "_schemas_clients_" + UUID.randomUUID();
        String bootstrap = TestCluster.shared().bootstrapServers();
        a = RegistryServer.start(bootstrap, topic, "127.0.0.1", 0);
        b = RegistryServer.start(bootstrap, topic, "127.0.0.1", 0);
        NodePackages.install();
    }

    @AfterAll
    static void stop() {
        b.close();
        a.close();
    }

    @Test
    void confluentsPythonClientsOldAndNew() throws Exception {
        Map<String, JsonNode> found = findings(ExternalProcess.run(
                Path.of("src/test/python"), List.of(PYTHON, "registry_clients.py"), env(), Duration.ofMinutes(3)));

        JsonNode old = found.get("old-client");
        assertThat(old.get("again").asInt()).isEqualTo(old.get("id1").asInt());
        assertThat(old.get("fetched_name").asText()).isEqualTo("py.Thing");
        assertThat(old.get("compatible").asBoolean()).isTrue();
        assertThat(old.get("incompatible").asBoolean()).isFalse();
        assertThat(old.get("id2").asInt()).isNotEqualTo(old.get("id1").asInt());
        assertThat(old.get("latest_id").asInt()).isEqualTo(old.get("id2").asInt());
        assertThat(old.get("latest_version").asInt()).isEqualTo(2);
        assertThat(old.get("version_of_v2").asInt()).isEqualTo(2);
        assertThat(old.get("decoded").toString()).isEqualTo("{\"a\":\"x\",\"b\":7}");
        assertThat(old.get("level").asText()).isEqualTo("FULL");
        assertThat(old.get("read_level").asText()).isEqualTo("FULL");
        assertThat(old.get("deleted").toString()).isEqualTo("[1,2]");
        assertThat(old.get("after_delete").toString()).isEqualTo("[null,null,null]");

        JsonNode current = found.get("new-client");
        assertThat(current.get("lookup_id").asInt())
                .isEqualTo(current.get("id1").asInt());
        assertThat(current.get("lookup_version").asInt()).isEqualTo(1);
        assertThat(current.get("incompatible_code").asInt()).isEqualTo(40901);
        assertThat(current.get("compatible").asBoolean()).isTrue();
        assertThat(current.get("latest_version").asInt()).isEqualTo(2);
        assertThat(current.get("latest_id").asInt())
                .isEqualTo(current.get("id2").asInt());
        assertThat(current.get("versions").toString()).isEqualTo("[1,2]");
        assertThat(current.get("level").asText()).isEqualTo("FORWARD");
        assertThat(current.get("deleted_version").asInt()).isEqualTo(1);
        assertThat(current.get("versions_after_version_delete").toString()).isEqualTo("[2]");
        assertThat(current.get("permanent_refused").get(0).asInt()).isEqualTo(40405);
        // delete_subject(permanent=True) soft-deletes (what it returns: the one live version), then removes all.
        assertThat(current.get("deleted").toString()).isEqualTo("[2]");
        assertThat(current.get("gone_code").asInt()).isEqualTo(40401);
        assertThat(current.get("still_listed").asBoolean()).isFalse();

        JsonNode references = found.get("references");
        assertThat(references.get("fetched_refs").toString()).contains("py.shared.Address");
        assertThat(references.get("lookup_id").asInt())
                .isEqualTo(references.get("customer_id").asInt());
        assertThat(references.get("delete_referenced_code").asInt()).isEqualTo(42206);
        assertThat(references.get("unknown_reference_code").asInt()).isEqualTo(42201);

        JsonNode concurrent = found.get("concurrent");
        assertThat(concurrent.get("errors")).isEmpty();
        assertThat(distinctIds(concurrent.get("ids"))).hasSize(2 * ROUNDS);
        assertThat(concurrent.get("versions")).hasSize(2 * ROUNDS);
        assertThat(concurrent.get("versions").toString())
                .as("every version registered is listed, none twice")
                .isEqualTo(concurrent.get("listed").toString());
    }

    @Test
    void kafkajsConfluentSchemaRegistry() throws Exception {
        Map<String, JsonNode> found = findings(ExternalProcess.run(
                NodePackages.DIR, List.of("node", "registry-client.js"), env(), Duration.ofMinutes(3)));

        JsonNode js = found.get("kafkajs");
        assertThat(js.get("again").asInt()).isEqualTo(js.get("id1").asInt());
        assertThat(js.get("incompatible").asText()).contains("incompatible");
        assertThat(js.get("latest").asInt()).isEqualTo(js.get("id2").asInt());
        assertThat(js.get("bySchema").asInt()).isEqualTo(js.get("id1").asInt());
        assertThat(js.get("decoded").toString()).isEqualTo("{\"a\":\"x\",\"b\":7}");
        assertThat(js.get("softDeleted").toString()).isEqualTo("{\"status\":200,\"body\":[1,2]}");
        assertThat(js.get("permanent").toString()).isEqualTo("{\"status\":200,\"body\":[1,2]}");
        assertThat(js.get("afterDelete").asText()).contains("not found");

        JsonNode references = found.get("kafkajs-references");
        assertThat(references.get("decoded").toString()).isEqualTo("{\"home\":{\"street\":\"Main St\"}}");
        assertThat(references.get("referencedBy").toString())
                .isEqualTo("[" + references.get("id").asInt() + "]");

        JsonNode concurrent = found.get("kafkajs-concurrent");
        assertThat(concurrent.get("errors")).isEmpty();
        assertThat(distinctIds(concurrent.get("ids"))).hasSize(2 * ROUNDS);
    }

    private static List<Integer> distinctIds(JsonNode idsByName) {
        List<Integer> ids = new ArrayList<>();
        idsByName.forEach(id -> ids.add(id.asInt()));
        return ids.stream().distinct().toList();
    }

    private static Map<String, JsonNode> findings(String output) {
        Map<String, JsonNode> byCheck = new HashMap<>();
        ExternalProcess.jsonLines(output)
                .forEach(line -> byCheck.put(line.get("check").asText(), line));
        assertThat(byCheck).as(output).isNotEmpty();
        return byCheck;
    }

    private static Map<String, String> env() {
        return Map.of(
                "REGISTRY_A", a.url(),
                "REGISTRY_B", b.url(),
                "RUN", UUID.randomUUID().toString().substring(0, 8),
                "ROUNDS", Integer.toString(ROUNDS));
    }
}
