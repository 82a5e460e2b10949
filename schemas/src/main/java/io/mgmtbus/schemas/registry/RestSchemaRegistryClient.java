package io.mgmtbus.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.avro.Schema;

/** Talks to a registry over the Confluent Schema Registry REST API. Uncached: wrap it in {@link CachedSchemaRegistryClient}. */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RegistryEndpoint endpoint;
    /** Printable: no password in it. */
    private final String baseUrl;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A client of the registry at {@code baseUrl}, with HTTP basic credentials from its user-info if any. */
    public RestSchemaRegistryClient(String baseUrl) {
        this(RegistryEndpoint.of(baseUrl));
    }

    public RestSchemaRegistryClient(RegistryEndpoint endpoint) {
        this.endpoint = endpoint;
        this.baseUrl = endpoint.url();
    }

    @Override
    public int register(String subject, Schema schema) {
        return call("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema))
                .get("id")
                .asInt();
    }

    @Override
    public int lookup(String subject, Schema schema) {
        return call("POST", "/subjects/" + encode(subject), schemaBody(schema))
                .get("id")
                .asInt();
    }

    @Override
    public Schema schemaById(int id) {
        return new Schema.Parser()
                .parse(call("GET", "/schemas/ids/" + id, null).get("schema").asText());
    }

    private static String schemaBody(Schema schema) {
        return JSON.createObjectNode().put("schema", schema.toString()).toString();
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8);
    }

    private JsonNode call(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(10))
                .header("Accept", CONTENT_TYPE);
        if (endpoint.authorization() != null) {
            request.header("Authorization", endpoint.authorization());
        }
        if (body == null) {
            request.GET();
        } else {
            request.header("Content-Type", CONTENT_TYPE).method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new SchemaRegistryException("schema registry at " + baseUrl + " is unreachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException("interrupted while calling schema registry at " + baseUrl, e);
        }
        if (response.statusCode() / 100 != 2) {
            JsonNode json = errorBody(response.body());
            int code = json.path("error_code").asInt(response.statusCode());
            String message = json.path("message").asText(response.body());
            if (response.statusCode() == 401 || response.statusCode() == 403) {
                throw new SchemaRegistryException(
                        code,
                        "schema registry at " + endpoint + " refused " + method + " " + path + ": " + code + " "
                                + message
                                + (endpoint.userInfo() == null
                                        ? " (no credentials given: set basic.auth.user.info=user:password)"
                                        : ""));
            }
            throw new SchemaRegistryException(
                    code, "schema registry " + method + " " + path + " failed: " + code + " " + message);
        }
        return parse(response.body());
    }

    /** An error answer's JSON, or an empty object when a proxy or server answered something else. */
    private static JsonNode errorBody(String body) {
        try {
            JsonNode json = JSON.readTree(body);
            return json == null ? JSON.createObjectNode() : json;
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    private JsonNode parse(String body) {
        try {
            return JSON.readTree(body.isEmpty() ? "{}" : body);
        } catch (IOException e) {
            throw new SchemaRegistryException("schema registry at " + baseUrl + " answered non-JSON: " + body, e);
        }
    }
}
