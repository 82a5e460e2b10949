package io.mgmtbus.contracts.topics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.testcluster.TestCluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/**
 * A client that ships no .avsc can produce as soon as the bus is provisioned: every event schema
 * is in the registry under {@code <topic>-value} before any component has produced anything.
 */
class BusProvisioningTest {

    private final TestCluster cluster = TestCluster.shared();

    @Test
    void registersEveryEventSchemaUnderItsTopicSubject() throws Exception {
        BusConfig bus = new BusConfig(
                cluster.bootstrapServers(),
                cluster.registryUrl(),
                "s" + UUID.randomUUID().toString().substring(0, 6) + ".");
        BusTopics topics = BusProvisioning.ensure(bus);
        HttpClient http = HttpClient.newHttpClient();
        for (Map.Entry<String, Schema> subject : topics.valueSchemas().entrySet()) {
            HttpResponse<String> latest = http.send(
                    HttpRequest.newBuilder(URI.create(
                                    bus.schemaRegistryUrl() + "/subjects/" + subject.getKey() + "/versions/latest"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(latest.statusCode()).as(subject.getKey()).isEqualTo(200);
            JsonNode body = new ObjectMapper().readTree(latest.body());
            assertThat(new Schema.Parser().parse(body.get("schema").asText())).isEqualTo(subject.getValue());
        }
        assertThat(topics.valueSchemas().keySet())
                .containsExactlyInAnyOrder(
                        topics.requests().name() + "-value",
                        topics.responses().name() + "-value",
                        topics.outcomes().name() + "-value",
                        topics.cancels().name() + "-value",
                        topics.hellos().name() + "-value",
                        topics.requestIndex().name() + "-value");
        BusProvisioning.ensure(bus); // idempotent: a second component starting finds everything in place
    }
}
