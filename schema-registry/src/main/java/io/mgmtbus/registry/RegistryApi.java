package io.mgmtbus.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/**
 * The Confluent Schema Registry REST API subset that clients use, with its JSON bodies, content
 * type and error codes, mapped onto {@link Registry}.
 */
final class RegistryApi {

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Registry registry;

    RegistryApi(Registry registry) {
        this.registry = registry;
    }

    void install(JavalinConfig config) {
        var routes = config.routes;
        routes.post("/subjects/{subject}/versions", ctx -> {
            JsonNode body = body(ctx);
            json(
                    ctx,
                    Map.of(
                            "id",
                            registry.register(
                                    ctx.pathParam("subject"), field(body, "schema"), field(body, "schemaType"))));
        });
        routes.post("/subjects/{subject}", ctx -> {
            JsonNode body = body(ctx);
            json(
                    ctx,
                    describe(registry.lookup(
                            ctx.pathParam("subject"), field(body, "schema"), field(body, "schemaType"))));
        });
        routes.get("/schemas/ids/{id}", ctx -> json(ctx, Map.of("schema", registry.schemaById(intParam(ctx, "id")))));
        routes.get("/subjects", ctx -> json(ctx, registry.subjects()));
        routes.get("/subjects/{subject}/versions", ctx -> json(ctx, registry.versions(ctx.pathParam("subject"))));
        routes.get(
                "/subjects/{subject}/versions/{version}",
                ctx -> json(ctx, describe(registry.version(ctx.pathParam("subject"), ctx.pathParam("version")))));
        routes.get(
                "/subjects/{subject}/versions/{version}/schema",
                ctx -> ctx.contentType(CONTENT_TYPE)
                        .result(registry.version(ctx.pathParam("subject"), ctx.pathParam("version"))
                                .schema()));
        routes.post("/compatibility/subjects/{subject}/versions/{version}", this::compatibility);
        routes.get(
                "/config",
                ctx -> json(
                        ctx,
                        Map.of("compatibilityLevel", registry.globalConfig().name())));
        routes.put(
                "/config",
                ctx -> json(
                        ctx,
                        Map.of(
                                "compatibility",
                                registry.setConfig(null, field(body(ctx), "compatibility"))
                                        .name())));
        routes.get(
                "/config/{subject}",
                ctx -> json(
                        ctx,
                        Map.of(
                                "compatibilityLevel",
                                registry.subjectConfig(
                                                ctx.pathParam("subject"),
                                                Boolean.parseBoolean(ctx.queryParam("defaultToGlobal")))
                                        .name())));
        routes.put(
                "/config/{subject}",
                ctx -> json(
                        ctx,
                        Map.of(
                                "compatibility",
                                registry.setConfig(ctx.pathParam("subject"), field(body(ctx), "compatibility"))
                                        .name())));
        routes.get("/", ctx -> json(ctx, Map.of()));
        routes.exception(RegistryError.class, (e, ctx) -> error(ctx, e.status, e.errorCode, e.getMessage()));
        routes.exception(BadRequest.class, (e, ctx) -> error(ctx, 422, 422, e.getMessage()));
        routes.exception(
                Exception.class,
                (e, ctx) -> error(ctx, 500, 50001, "Error in the backend data store: " + e.getMessage()));
    }

    private void compatibility(Context ctx) {
        JsonNode body = body(ctx);
        List<String> problems = registry.checkCompatibility(
                ctx.pathParam("subject"), ctx.pathParam("version"), field(body, "schema"), field(body, "schemaType"));
        ObjectNode answer = JSON.createObjectNode().put("is_compatible", problems.isEmpty());
        if (Boolean.parseBoolean(ctx.queryParam("verbose"))) {
            problems.forEach(answer.putArray("messages")::add);
        }
        json(ctx, answer);
    }

    private static Map<String, Object> describe(RegisteredSchema schema) {
        return Map.of(
                "subject", schema.subject(), "version", schema.version(), "id", schema.id(), "schema", schema.schema());
    }

    /** The JSON object the request carries. */
    private static JsonNode body(Context ctx) {
        JsonNode body;
        try {
            body = JSON.readTree(ctx.body());
        } catch (Exception e) {
            throw new BadRequest("request body is not JSON: " + e.getMessage());
        }
        if (body == null || !body.isObject()) {
            throw new BadRequest("request body must be a JSON object");
        }
        return body;
    }

    /** A string field of the request body, or null when absent. */
    private static String field(JsonNode body, String name) {
        JsonNode value = body.get(name);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static int intParam(Context ctx, String name) {
        try {
            return Integer.parseInt(ctx.pathParam(name));
        } catch (NumberFormatException e) {
            throw RegistryError.schemaNotFound(ctx.pathParam(name));
        }
    }

    private static void json(Context ctx, Object body) {
        try {
            ctx.contentType(CONTENT_TYPE).result(JSON.writeValueAsString(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void error(Context ctx, int status, int code, String message) {
        ctx.status(status);
        json(ctx, Map.of("error_code", code, "message", message));
    }

    /** The request itself is malformed (not JSON, wrong shape). */
    static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message);
        }
    }
}
