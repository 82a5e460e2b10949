package io.mgmtbus.system.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mgmtbus.agent.http.AgentServer;
import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.dispatch.RequestLimits;
import io.mgmtbus.testkit.TestBus;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * The agent's HTTP API under any input a caller can send: random JSON shapes, any text (unicode,
 * control characters), any reqid in a path, a body far over the size limit. Every answer is a
 * 2xx, or a 4xx whose JSON body says what is wrong; never a 5xx. Against a running agent on a
 * real broker (accepted dispatches are really produced).
 */
class AgentHttpPropertiesTest {

    private static final BusConfig BUS = TestBus.shared().newBus();
    private static final AgentServer AGENT = AgentServer.start(BUS, BusConfig.DEFAULT_HOST, 0);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @AfterContainer
    static void stopAgent() {
        AGENT.close();
    }

    @Property(tries = 300)
    void anyJsonShapeIsAnsweredWithoutAServerError(@ForAll("dispatchLikeBodies") String body) throws Exception {
        assertAnsweredWell(post("/dispatch", body), body);
    }

    @Property(tries = 200)
    void anyTextIsAnsweredWithoutAServerError(@ForAll String body) throws Exception {
        assertAnsweredWell(post("/dispatch", body), body);
    }

    @Property(tries = 150)
    void anyReqidInAPathIsAnsweredWithoutAServerError(@ForAll String reqid) throws Exception {
        String path =
                "/requests/" + URLEncoder.encode(reqid, StandardCharsets.UTF_8).replace("+", "%20");
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(AGENT.url() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertAnsweredWell(response, reqid);
    }

    @Example
    void aBodyOverTheSizeLimitIsRefusedWithAMessage() throws Exception {
        String huge = "{\"action\": [\"ping\", \"" + "x".repeat(5_000_000) + "\"]}";
        HttpResponse<String> response = post("/dispatch", huge);
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("\"error\"");
    }

    @Example
    void moreTargetNamesThanTheLimitAreRefusedNamingIt() throws Exception {
        ArrayNode nodes = NODES.arrayNode();
        IntStream.range(0, RequestLimits.current().maxTargetNames() + 1).forEach(i -> nodes.add("n-" + i));
        ObjectNode body = NODES.objectNode();
        body.set("action", NODES.arrayNode().add("ping"));
        body.set("nodes", nodes);
        HttpResponse<String> response = post("/dispatch", body.toString());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains(RequestLimits.MAX_TARGET_NAMES_ENV);
    }

    private static void assertAnsweredWell(HttpResponse<String> response, String input) throws Exception {
        assertThat(response.statusCode())
                .as("status for %s: %s", input, response.body())
                .isLessThan(500);
        if (response.statusCode() >= 400) {
            assertThat(response.headers().firstValue("Content-Type").orElse(""))
                    .as("content type of the %d answer to %s: %s", response.statusCode(), input, response.body())
                    .startsWith("application/json");
            JsonNode error = JSON.readTree(response.body()).get("error");
            assertThat(error).as("error message for %s", input).isNotNull();
            assertThat(error.asText()).isNotBlank();
        }
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(AGENT.url() + path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Objects with the dispatch fields (and others) holding any JSON values, nested a few levels. */
    @Provide
    Arbitrary<String> dispatchLikeBodies() {
        Arbitrary<String> keys = Arbitraries.oneOf(
                Arbitraries.of("action", "nodes", "timeout"),
                Arbitraries.strings().ofMaxLength(8));
        Arbitrary<JsonNode> values = jsonValues(3);
        Arbitrary<JsonNode> objects = Combinators.combine(
                        keys.list().ofMaxSize(5), values.list().ofMaxSize(5))
                .as((names, vals) -> {
                    ObjectNode object = NODES.objectNode();
                    for (int i = 0; i < Math.min(names.size(), vals.size()); i++) {
                        object.set(names.get(i), vals.get(i));
                    }
                    return object;
                });
        return Arbitraries.oneOf(objects, values).map(JsonNode::toString);
    }

    private static Arbitrary<JsonNode> jsonValues(int depth) {
        List<Arbitrary<? extends JsonNode>> leaves = List.of(
                Arbitraries.strings().ofMaxLength(30).map(NODES::textNode),
                Arbitraries.of("ping", "get_id_value", "5s", "PT1S", "0s", "-1s", "99999h", "worker-01", "")
                        .map(NODES::textNode),
                Arbitraries.longs().map(NODES::numberNode),
                Arbitraries.doubles().map(NODES::numberNode),
                Arbitraries.of(true, false).map(NODES::booleanNode),
                Arbitraries.just(NODES.nullNode()));
        Arbitrary<JsonNode> leaf = Arbitraries.oneOf(leaves);
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<JsonNode> arrays = jsonValues(depth - 1).list().ofMaxSize(4).map(items -> {
            ArrayNode array = NODES.arrayNode();
            items.forEach(array::add);
            return array;
        });
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, leaf), net.jqwik.api.Tuple.of(2, arrays));
    }
}
