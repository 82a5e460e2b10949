package io.mgmtbus.system.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.mgmtbus.agent.http.AgentServer;
import io.mgmtbus.agent.http.BearerToken;
import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.testkit.TestBus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A secured agent refuses every call without its bearer token (401 with a JSON error), except /health. */
class AgentAuthenticationTest {

    private static final String TOKEN = "s3cret-token";
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void callsWithoutTheTokenGet401() throws Exception {
        BusConfig bus = TestBus.shared().newBus();
        try (AgentServer agent = AgentServer.start(bus, BusConfig.DEFAULT_HOST, 0, BearerToken.of(TOKEN))) {
            HttpResponse<String> none = get(agent, "/nodes", null);
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.body()).contains("\"error\"").contains("Bearer");
            assertThat(none.headers().firstValue("WWW-Authenticate"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));

            HttpResponse<String> wrong = get(agent, "/nodes", "guess");
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(wrong.body()).contains("not this agent's");

            HttpResponse<String> dispatch = http.send(
                    HttpRequest.newBuilder(URI.create(agent.url() + "/dispatch"))
                            .POST(HttpRequest.BodyPublishers.ofString("{\"action\": [\"ping\"]}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(dispatch.statusCode()).as("a dispatch without the token").isEqualTo(401);

            assertThat(get(agent, "/nodes", TOKEN).statusCode()).isEqualTo(200);
            assertThat(get(agent, "/health", null).statusCode())
                    .as("/health stays open for probes")
                    .isNotEqualTo(401);
            for (String open : List.of("/", "/assets/console.js", "/assets/console.css")) {
                assertThat(get(agent, open, null).statusCode())
                        .as(open + ": the console's page and assets hold no data")
                        .isEqualTo(200);
            }
            for (String closed : List.of("/requests", "/requests/r1", "/audit", "/metrics")) {
                assertThat(get(agent, closed, null).statusCode()).as(closed).isEqualTo(401);
            }
        }
    }

    private HttpResponse<String> get(AgentServer agent, String path, String token) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(agent.url() + path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
