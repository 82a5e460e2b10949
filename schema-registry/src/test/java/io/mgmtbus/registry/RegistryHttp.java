package io.mgmtbus.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

/** Calls a registry the way Confluent's clients do, asserting the status and the content type of the answer. */
record RegistryHttp(String url) {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    RegistryHttp(RegistryServer registry) {
        this(registry.url());
    }

    JsonNode call(String method, String path, String body, int expectedStatus) {
        HttpResponse<String> response = send(method, path, body, RegistryApi.CONTENT_TYPE);
        assertThat(response.statusCode())
                .as("%s %s -> %s", method, path, response.body())
                .isEqualTo(expectedStatus);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith(RegistryApi.CONTENT_TYPE);
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    /** An error answer: asserts status and Confluent's {@code error_code}, returns the message. */
    String error(String method, String path, String body, int status, int errorCode) {
        JsonNode error = call(method, path, body, status);
        assertThat(error.get("error_code").asInt())
                .as("%s %s -> %s", method, path, error)
                .isEqualTo(errorCode);
        return error.get("message").asText();
    }

    HttpResponse<String> send(String method, String path, String body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Registers {@code schema} under {@code subject} and returns the answer ({@code id}, {@code version}, ...). */
    JsonNode register(String subject, String schema) {
        return call("POST", "/subjects/" + subject + "/versions", schemaBody(schema), 200);
    }

    static String subject() {
        return "s-" + UUID.randomUUID() + "-value";
    }

    static String schemaBody(String schema) {
        return JSON.createObjectNode().put("schema", schema).toString();
    }

    /** A registration body with references: {@code refs} as name, subject, version triples. */
    static String schemaBody(String schema, Object... refs) {
        ObjectNode body = JSON.createObjectNode().put("schema", schema);
        ArrayNode references = body.putArray("references");
        for (int i = 0; i < refs.length; i += 3) {
            references
                    .addObject()
                    .put("name", (String) refs[i])
                    .put("subject", (String) refs[i + 1])
                    .put("version", (Integer) refs[i + 2]);
        }
        return body.toString();
    }
}
