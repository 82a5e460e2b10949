package io.mgmtbus.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.eclipse.jetty.util.security.Password;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A registry started with users refuses every call without their HTTP basic credentials (401, Confluent's body). */
class RegistryAuthenticationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String SCHEMA = """
            {"schema": "{\\"type\\":\\"record\\",\\"name\\":\\"Auth\\",\\"fields\\":[{\\"name\\":\\"a\\",\\"type\\":\\"string\\"}]}"}""";

    @TempDir
    static Path dir;

    private static RegistryServer registry;

    @BeforeAll
    static void start() throws Exception {
        String bootstrap = TestBroker.bootstrapServers();
        Path users = dir.resolve("users.properties");
        // The format Confluent's registry reads through Jetty: comments, roles, obfuscated passwords.
        Files.writeString(
                users,
                "# who may call\n"
                        + "operator: s3cret,admin,developer\n"
                        + "\n"
                        + "node-a: " + Password.obfuscate("n0de") + "\n"
                        + "props-style=equals,admin\n");
        registry = RegistryServer.start(
                Map.of("bootstrap.servers", bootstrap),
                TestBroker.newTopic(),
                "127.0.0.1",
                0,
                RegistryUsers.fromFile(users));
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    @Test
    void aCallWithoutCredentialsGets401WithConfluentsErrorBody() throws Exception {
        HttpResponse<String> response = call("GET", "/subjects", null, null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("Basic realm="));
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("error_code").asInt()).isEqualTo(401);
        assertThat(body.get("message").asText()).contains("Unauthorized");
        // Registering is refused too, and nothing is stored.
        assertThat(call("POST", "/subjects/refused-value/versions", SCHEMA, null)
                        .statusCode())
                .isEqualTo(401);
        assertThat(call("GET", "/subjects", null, "operator:s3cret").body()).doesNotContain("refused-value");
    }

    @Test
    void wrongPasswordsUnknownUsersAndGarbledHeadersGet401() throws Exception {
        assertThat(call("GET", "/subjects", null, "operator:wrong").statusCode())
                .isEqualTo(401);
        assertThat(call("GET", "/subjects", null, "nobody:s3cret").statusCode()).isEqualTo(401);
        assertThat(call("GET", "/subjects", null, "operator").statusCode()).isEqualTo(401);
        HttpResponse<String> garbled = HTTP.send(
                HttpRequest.newBuilder(URI.create(registry.url() + "/subjects"))
                        .header("Authorization", "Basic %%%not-base64")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(garbled.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(garbled.body()).get("message").asText()).contains("base64");
    }

    @Test
    void knownUsersWithPlainOrObfuscatedPasswordsRegisterAndRead() throws Exception {
        HttpResponse<String> registered = call("POST", "/subjects/auth-value/versions", SCHEMA, "operator:s3cret");
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
        int id = JSON.readTree(registered.body()).get("id").asInt();

        HttpResponse<String> read = call("GET", "/schemas/ids/" + id, null, "node-a:n0de");
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        assertThat(call("GET", "/subjects", null, "props-style:equals").statusCode())
                .as("a user=password line, as java.util.Properties reads it")
                .isEqualTo(200);
        assertThat(read.body()).contains("Auth");
    }

    @Test
    void aUsersFileWithoutAPasswordIsRefusedWithItsLine() throws Exception {
        Path broken = dir.resolve("broken.properties");
        Files.writeString(broken, "ok: fine\njust-a-name\n");
        assertThatThrownBy(() -> RegistryUsers.fromFile(broken))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 2");
        Path empty = dir.resolve("empty.properties");
        Files.writeString(empty, "# nobody\n");
        assertThatThrownBy(() -> RegistryUsers.fromFile(empty)).hasMessageContaining("at least one user");
    }

    private static HttpResponse<String> call(String method, String path, String body, String userInfo)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(registry.url() + path))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (userInfo != null) {
            request.header(
                    "Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8)));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
