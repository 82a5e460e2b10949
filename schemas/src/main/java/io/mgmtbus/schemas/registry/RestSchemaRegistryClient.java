package io.mgmtbus.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLException;
import org.apache.avro.Schema;

/** Talks to a registry over the Confluent Schema Registry REST API. Uncached: wrap it in {@link CachedSchemaRegistryClient}. */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RegistryEndpoint endpoint;
    /** One factory for every call: HTTPS connections are kept alive only between calls made with the same one. */
    private final javax.net.ssl.SSLSocketFactory tls;
    /** Printable: no password in it. */
    private final String baseUrl;

    /** A client of the registry at {@code baseUrl}, with HTTP basic credentials from its user-info if any. */
    public RestSchemaRegistryClient(String baseUrl) {
        this(RegistryEndpoint.of(baseUrl));
    }

    public RestSchemaRegistryClient(RegistryEndpoint endpoint) {
        this.endpoint = endpoint;
        this.baseUrl = endpoint.url();
        this.tls = endpoint.tls() == null ? null : endpoint.tls().getSocketFactory();
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

    /**
     * One call. {@link HttpURLConnection}, not the JDK's {@code HttpClient}: that one sets up TLS
     * (about 300 ms) even for an http URL, and its selector thread holds a short-lived command's
     * JVM open after its work is done; connections are still kept alive between calls.
     */
    private JsonNode call(String method, String path, String body) {
        Response response;
        try {
            response = send(method, path, body);
        } catch (SSLException e) {
            throw new SchemaRegistryException(
                    "TLS with the schema registry at " + baseUrl + " failed: " + e.getMessage()
                            + " (its certificate must be signed by an authority the client trusts, for its host name:"
                            + " set schema.registry.ssl.truststore.* to that authority)",
                    e);
        } catch (IOException e) {
            throw new SchemaRegistryException(
                    "schema registry at " + baseUrl + " is unreachable: " + e
                            // An HTTPS server drops a plain HTTP request without an answer.
                            + (baseUrl.startsWith("http:") && !(e instanceof java.net.ConnectException)
                                    ? " (is the registry HTTPS? the URL says http://)"
                                    : ""),
                    e);
        }
        if (response.status() / 100 != 2) {
            JsonNode json = errorBody(response.body());
            int code = json.path("error_code").asInt(response.status());
            String message = json.path("message").asText(response.body());
            if (response.status() == 401 || response.status() == 403) {
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

    private record Response(int status, String body) {}

    private Response send(String method, String path, String body) throws IOException {
        HttpURLConnection connection =
                (HttpURLConnection) URI.create(baseUrl + path).toURL().openConnection();
        if (connection instanceof HttpsURLConnection https && tls != null) {
            https.setSSLSocketFactory(tls);
        }
        connection.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
        connection.setReadTimeout((int) CALL_TIMEOUT.toMillis());
        connection.setRequestMethod(method);
        connection.setRequestProperty("Accept", CONTENT_TYPE);
        if (endpoint.authorization() != null) {
            connection.setRequestProperty("Authorization", endpoint.authorization());
        }
        if (body != null) {
            connection.setDoOutput(true);
            connection.setRequestProperty("Content-Type", CONTENT_TYPE);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body.getBytes(StandardCharsets.UTF_8));
            }
        }
        int status = connection.getResponseCode();
        try (InputStream in = status / 100 == 2 ? connection.getInputStream() : connection.getErrorStream()) {
            return new Response(status, in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
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
