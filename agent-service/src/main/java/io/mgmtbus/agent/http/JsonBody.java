package io.mgmtbus.agent.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.mgmtbus.agent.dispatch.DispatchRequest;
import io.mgmtbus.agent.view.Rendering;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A request body read as a JSON object, each field checked for its type with a message that names it. */
final class JsonBody {

    private final JsonNode body;

    private JsonBody(JsonNode body) {
        this.body = body;
    }

    /**
     * The body, which must be declared JSON: a web page can post text/plain to a port on this
     * machine without asking, but not application/json, for which the browser asks the agent
     * first (CORS preflight) and the agent allows no other origin.
     */
    static JsonBody of(Context ctx) {
        String type = ctx.contentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new HttpResponseException(
                    415, "send the body with Content-Type: application/json, not " + (type == null ? "none" : type));
        }
        try {
            JsonNode body = Rendering.JSON.readTree(ctx.body());
            if (body == null || !body.isObject()) {
                throw new BadRequest("the body must be a JSON object like {\"action\": [\"ping\"], \"nodes\": []}");
            }
            return new JsonBody(body);
        } catch (IOException e) {
            throw new BadRequest("the body is not JSON: " + e.getMessage());
        }
    }

    /** An optional text field; a number is taken as its text (e.g. "batch": 5). */
    String text(String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual() && !node.isNumber()) {
            throw new BadRequest("'" + field + "' must be a string, found " + node);
        }
        return node.asText();
    }

    /** An optional array of strings. */
    List<String> strings(String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            throw new BadRequest("'" + field + "' must be an array of strings");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode element : node) {
            if (!element.isTextual()) {
                throw new BadRequest("'" + field + "' must be an array of strings, found " + element);
            }
            values.add(element.asText());
        }
        return values;
    }

    /** An optional timeout: a string like "5s" / "PT5S" or a number of seconds. */
    Duration timeout(String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isNumber()) {
            return Duration.ofMillis(Math.round(node.asDouble() * 1000));
        }
        return DispatchRequest.parseTimeout(node.asText());
    }
}
