package io.mgmtbus.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mgmtbus.agent.http.AgentServer;
import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.topics.BusTopics;
import io.mgmtbus.events.NodeDispatchRequest;
import io.mgmtbus.node.ManagedNode;
import io.mgmtbus.streams.DispatchSettings;
import io.mgmtbus.streams.StreamsApp;
import io.mgmtbus.testkit.TestBus;
import io.mgmtbus.testkit.TopicRecorder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The agent's HTTP API end to end: real nodes, the real streams-app, a real broker. (The CLI: launcher's OperatorCommandsTest.) */
class AgentEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final List<AutoCloseable> open = new ArrayList<>();
    private static BusConfig bus;
    private static AgentServer agent;

    @BeforeAll
    static void start() throws Exception {
        bus = TestBus.shared().newBus();
        open.add(ManagedNode.builder(bus, "worker-01")
                .instance("e2e")
                .label("role", "worker")
                .action("sleep", args -> {
                    Thread.sleep(Long.parseLong(args.get(0)));
                    return "slept";
                })
                .start());
        open.add(ManagedNode.builder(bus, "manager")
                .instance("e2e")
                .label("role", "manager")
                .start());
        open.add(StreamsApp.start(bus, DispatchSettings.defaults(), Files.createTempDirectory("agent-e2e")));
        agent = AgentServer.start(bus, "127.0.0.1", 0);
        open.add(agent);
        // Wait until the streams-app's node table holds both nodes.
        for (int i = 0; i < 30; i++) {
            JsonNode outcome = dispatch("{\"action\": [\"ping\"], \"timeout\": \"3s\"}", true).body;
            if (outcome.path("results").size() == 2) {
                return;
            }
        }
        throw new AssertionError("nodes never became known");
    }

    @AfterAll
    static void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    /** A route added without its description in openapi.json (or described but not served) fails here. */
    @Test
    void theRoutesServedAreTheRoutesDescribed() throws Exception {
        JsonNode paths = JSON.readTree(AgentServer.class.getResourceAsStream("/openapi.json"))
                .get("paths");
        Set<String> described = new TreeSet<>();
        paths.fields()
                .forEachRemaining(path -> path.getValue()
                        .fieldNames()
                        .forEachRemaining(
                                method -> described.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey())));
        // The console's page is a static file, not a route of the API.
        described.remove("GET /");
        assertThat(new TreeSet<>(agent.routes())).isEqualTo(described);
        assertThat(get("/openapi.json", 200).get("paths").size()).isEqualTo(paths.size());
    }

    @Test
    void httpDispatchWithWaitReturnsResultsKeyedByNode() throws Exception {
        Reply reply = dispatch("{\"action\": [\"get_id_value\", \"Cluster::node\"]}", true);
        assertThat(reply.status).isEqualTo(200);
        assertThat(reply.body.get("state").asText()).isEqualTo("complete");
        assertThat(reply.body.get("results").toString())
                .isEqualTo("{\"manager\":\"manager\",\"worker-01\":\"worker-01\"}");
        assertThat(reply.body.get("errors")).isEmpty();

        JsonNode status = get("/requests/" + reply.body.get("reqid").asText(), 200);
        assertThat(status.get("state").asText()).isEqualTo("complete");
        assertThat(status.get("request").get("action").toString()).isEqualTo("[\"get_id_value\",\"Cluster::node\"]");
        assertThat(status.get("responses")).hasSize(2);
        assertThat(status.get("outcome").get("duration_ms").asLong()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void unknownNodeAndUnknownActionGiveErrorResults() throws Exception {
        JsonNode unknownNode = dispatch("{\"action\": [\"ping\"], \"nodes\": [\"worker-01\", \"nope\"]}", true).body;
        assertThat(unknownNode.get("results").has("worker-01")).isTrue();
        assertThat(unknownNode.get("errors").toString())
                .isEqualTo("[{\"node\":\"nope\",\"error\":\"unknown cluster node\"}]");

        JsonNode unknownAction = dispatch("{\"action\": [\"frobnicate\"]}", true).body;
        assertThat(unknownAction.get("results")).isEmpty();
        assertThat(unknownAction.get("errors").toString())
                .isEqualTo(
                        "[{\"node\":\"manager\",\"error\":\"dispatch frobnicate unknown\"},{\"node\":\"worker-01\",\"error\":\"dispatch frobnicate unknown\"}]");
    }

    @Test
    void withoutWaitTheRequestIsAcceptedAndCanBeLookedUp() throws Exception {
        Reply reply = dispatch("{\"action\": [\"ping\"], \"nodes\": [\"manager\"]}", false);
        assertThat(reply.status).isEqualTo(202);
        String reqid = reply.body.get("reqid").asText();
        JsonNode status = null;
        for (int i = 0;
                i < 50 && (status == null || !status.get("state").asText().equals("complete"));
                i++) {
            Thread.sleep(100);
            status = get("/requests/" + reqid, 200);
        }
        assertThat(status.get("state").asText()).isEqualTo("complete");
        get("/requests/no-such-reqid", 404);
    }

    @Test
    void invalidRequestsAre400AndProduceNothing() throws Exception {
        BusTopics topics = new BusTopics(bus);
        try (TopicRecorder<String, NodeDispatchRequest> requests = new TopicRecorder<>(bus, topics.requests())) {
            int before = requests.during(Duration.ofSeconds(1)).size();
            assertThat(dispatch("{\"nodes\": []}", false).body.get("error").asText())
                    .startsWith("action must be a non-empty list");
            assertThat(dispatch("{\"action\": []}", false).status).isEqualTo(400);
            assertThat(dispatch("{\"action\": [\"ping\"], \"nodes\": [\"bad name!\"]}", false)
                            .body
                            .get("error")
                            .asText())
                    .startsWith("bad node name 'bad name!'");
            assertThat(dispatch("{\"action\": [\"ping\"], \"timeout\": \"3h\"}", false)
                            .body
                            .get("error")
                            .asText())
                    .contains("out of range");
            assertThat(dispatch("{\"action\": [\"ping\"], \"timeout\": \"soon\"}", false).status)
                    .isEqualTo(400);
            assertThat(dispatch("not json", false).status).isEqualTo(400);
            assertThat(dispatch("{\"action\": \"ping\"}", false).status).isEqualTo(400);
            HttpResponse<String> plain = HTTP.send(
                    HttpRequest.newBuilder(URI.create(agent.url() + "/dispatch"))
                            .header("Content-Type", "text/plain")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"action\": [\"ping\"]}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(plain.statusCode())
                    .as("what a web page could post without asking")
                    .isEqualTo(415);
            assertThat(plain.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(requests.during(Duration.ofSeconds(1))).hasSize(before);
        }
    }

    @Test
    void selectorsAndRolloutsInTheBodyAndTheirMistakesAre400() throws Exception {
        Reply workers = dispatch("{\"action\": [\"ping\"], \"select\": \"role=worker\", \"batch\": 1}", true);
        assertThat(workers.status).isEqualTo(200);
        assertThat(workers.body.get("targeted").toString()).isEqualTo("[\"worker-01\"]");
        assertThat(dispatch("{\"action\": [\"ping\"], \"select\": \"role in worker\"}", false)
                        .body
                        .get("error")
                        .asText())
                .startsWith("invalid selector 'role in worker'");
        assertThat(dispatch("{\"action\": [\"ping\"], \"max_errors\": 1}", false)
                        .body
                        .get("error")
                        .asText())
                .startsWith("max-errors needs a batch");
        assertThat(dispatch("{\"action\": [\"ping\"], \"batch\": \"0\"}", false).status)
                .isEqualTo(400);
    }

    @Test
    void deleteCancelsAnOpenRequestAndRefusesAClosedOrUnknownOne() throws Exception {
        String reqid = dispatch("{\"action\": [\"sleep\", \"3000\"], \"timeout\": \"20s\"}", false)
                .body
                .get("reqid")
                .asText();
        Reply cancelled = delete("/requests/" + reqid + "?wait=true&reason=test");
        assertThat(cancelled.status).as(cancelled.body.toString()).isEqualTo(200);
        assertThat(cancelled.body.get("state").asText()).isEqualTo("cancelled");
        assertThat(cancelled.body.get("errors").toString())
                .contains("{\"node\":\"worker-01\",\"error\":\"cancelled\"}");

        Reply again = delete("/requests/" + reqid);
        assertThat(again.status).isEqualTo(409);
        assertThat(again.body.get("error").asText()).contains("is already closed (cancelled at");
        assertThat(delete("/requests/no-such-reqid").status).isEqualTo(404);
    }

    @Test
    void nodesHealthAndMetrics() throws Exception {
        JsonNode nodes = get("/nodes", 200);
        assertThat(nodes).extracting(n -> n.get("node").asText()).containsExactly("manager", "worker-01");
        assertThat(nodes).allSatisfy(n -> {
            assertThat(n.get("live").asBoolean()).isTrue();
            assertThat(n.get("instance").asText()).isEqualTo("e2e");
            assertThat(n.get("actions").toString()).contains("get_id_value");
        });
        assertThat(nodes.get(1).get("labels").toString()).isEqualTo("{\"role\":\"worker\"}");
        assertThat(get("/health", 200).get("status").asText()).isEqualTo("ok");

        dispatch("{\"action\": [\"ping\"]}", true);
        String metrics = HTTP.send(
                        HttpRequest.newBuilder(URI.create(agent.url() + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        assertThat(metrics)
                .containsPattern("mgmt_agent_requests_issued_total [1-9]")
                .containsPattern("mgmt_agent_outcomes_total\\{state=\"complete\"} [1-9]")
                .contains("mgmt_agent_roundtrip_seconds_bucket")
                .contains("mgmt_agent_deadletter_records_total");
        assertThat(get("/openapi.json", 200).get("paths").has("/dispatch")).isTrue();
    }

    private record Reply(int status, JsonNode body) {}

    private static Reply dispatch(String body, boolean wait) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(agent.url() + "/dispatch" + (wait ? "?wait=true" : "")))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), JSON.readTree(response.body()));
    }

    private static Reply delete(String path) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(agent.url() + path)).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), JSON.readTree(response.body()));
    }

    private static JsonNode get(String path, int expectedStatus) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(agent.url() + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + " -> " + response.body()).isEqualTo(expectedStatus);
        return JSON.readTree(response.body());
    }
}
