package io.mgmtbus.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Confluent Schema Registry REST API that clients use, with its JSON bodies, content type and
 * error codes, mapped onto {@link Registry}. Writes run on the elected writer
 * ({@link WriteForwarding}); reads are answered by any instance.
 */
final class RegistryApi {

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    /** The request bodies Confluent's registry accepts (a body without a type is taken as octet-stream). */
    private static final Set<String> ACCEPTED_MEDIA_TYPES = Set.of(
            "application/vnd.schemaregistry.v1+json",
            "application/vnd.schemaregistry+json",
            "application/json",
            "application/octet-stream");

    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Marks a request whose error answer is written (here or by the writer it was forwarded to), so
     * the catch-all for Javalin's own 404 and 405 leaves it alone.
     */
    static final String ANSWERED = "registry-answered";

    private final Registry registry;
    private final WriteForwarding forwarding;

    RegistryApi(Registry registry, WriteForwarding forwarding) {
        this.registry = registry;
        this.forwarding = forwarding;
    }

    /**
     * {@code handler} as a write: refused to a read-only user (role {@link RegistryUsers#READER_ROLE}),
     * else run on the elected writer.
     */
    private Handler write(Handler handler) {
        Handler onWriter = forwarding.onWriter(handler);
        return ctx -> {
            if (RegistryUsers.isReadOnly(ctx)) {
                String subject = ctx.pathParamMap().get("subject");
                throw new RegistryError(
                        403,
                        40301,
                        "User " + RegistryUsers.user(ctx) + " is denied operation Write on "
                                + (subject == null ? "the registry's configuration" : "Subject: " + subject)
                                + " (role " + RegistryUsers.READER_ROLE + " reads only)");
            }
            onWriter.handle(ctx);
        };
    }

    void install(JavalinConfig config) {
        config.http.prefer405over404 = true;
        RoutesConfig routes = config.routes;
        routes.before(RegistryApi::refuseUnknownMediaTypes);
        routes.get("/", ctx -> json(ctx, Map.of()));
        schemaRoutes(routes);
        subjectRoutes(routes);
        compatibilityRoutes(routes);
        configRoutes(routes);
        modeRoutes(routes);
        errors(routes);
    }

    private void schemaRoutes(RoutesConfig routes) {
        routes.get("/schemas/types", ctx -> json(ctx, List.of("AVRO")));
        routes.get("/schemas/ids/{id}", ctx -> json(ctx, schemaBody(registry.schemaById(id(ctx)))));
        routes.get(
                "/schemas/ids/{id}/schema",
                ctx -> ctx.contentType(CONTENT_TYPE)
                        .result(registry.schemaById(id(ctx)).schema()));
        routes.get(
                "/schemas/ids/{id}/subjects",
                ctx -> json(
                        ctx,
                        registry.versionsOfId(id(ctx), flag(ctx, "deleted")).stream()
                                .map(RegisteredSchema::subject)
                                .distinct()
                                .sorted()
                                .toList()));
        routes.get("/schemas/ids/{id}/versions", ctx -> {
            ArrayNode versions = JSON.createArrayNode();
            registry.versionsOfId(id(ctx), flag(ctx, "deleted"))
                    .forEach(v ->
                            versions.addObject().put("subject", v.subject()).put("version", v.version()));
            json(ctx, versions);
        });
    }

    private void subjectRoutes(RoutesConfig routes) {
        routes.get(
                "/subjects",
                ctx -> json(
                        ctx,
                        registry.subjects(
                                flag(ctx, "deleted"), flag(ctx, "deletedOnly"), ctx.queryParam("subjectPrefix"))));
        routes.post(
                "/subjects/{subject}",
                ctx -> json(
                        ctx,
                        describe(registry.lookup(
                                subject(ctx), candidate(ctx), flag(ctx, "normalize"), flag(ctx, "deleted")))));
        routes.delete(
                "/subjects/{subject}",
                write(ctx -> json(ctx, registry.deleteSubject(subject(ctx), flag(ctx, "permanent")))));
        routes.get(
                "/subjects/{subject}/versions",
                ctx -> json(ctx, registry.versions(subject(ctx), flag(ctx, "deleted"))));
        Handler register = write(ctx ->
                json(ctx, registered(registry.register(subject(ctx), candidate(ctx), flag(ctx, "normalize")))));
        routes.post("/subjects/{subject}/versions", ctx -> {
            // A schema the subject already holds is answered by any instance, as Confluent's followers do.
            var existing = alreadyRegistered(ctx);
            if (existing.isPresent()) {
                json(ctx, registered(existing.get()));
            } else {
                register.handle(ctx);
            }
        });
        routes.get(
                "/subjects/{subject}/versions/{version}",
                ctx -> json(ctx, describe(registry.version(subject(ctx), version(ctx), flag(ctx, "deleted")))));
        routes.get(
                "/subjects/{subject}/versions/{version}/schema",
                ctx -> ctx.contentType(CONTENT_TYPE)
                        .result(registry.version(subject(ctx), version(ctx), flag(ctx, "deleted"))
                                .schema()));
        routes.get(
                "/subjects/{subject}/versions/{version}/referencedby",
                ctx -> json(ctx, registry.referencedBy(subject(ctx), version(ctx))));
        routes.delete(
                "/subjects/{subject}/versions/{version}",
                write(ctx -> json(ctx, registry.deleteVersion(subject(ctx), version(ctx), flag(ctx, "permanent")))));
    }

    /**
     * The version already holding the schema sent, as far as this instance knows. Any doubt (a
     * reference this instance has not read yet, an invalid schema) is left to the writer to answer.
     */
    private Optional<RegisteredSchema> alreadyRegistered(Context ctx) {
        try {
            return registry.registered(subject(ctx), candidate(ctx), flag(ctx, "normalize"));
        } catch (RegistryError notHere) {
            return Optional.empty();
        }
    }

    private void compatibilityRoutes(RoutesConfig routes) {
        routes.post("/compatibility/subjects/{subject}/versions/{version}", ctx -> compatibility(ctx, version(ctx)));
        routes.post("/compatibility/subjects/{subject}/versions", ctx -> compatibility(ctx, null));
    }

    private void configRoutes(RoutesConfig routes) {
        routes.get(
                "/config",
                ctx -> json(
                        ctx,
                        Map.of("compatibilityLevel", registry.globalConfig().name())));
        routes.put(
                "/config",
                write(ctx -> json(
                        ctx,
                        Map.of(
                                "compatibility",
                                registry.setConfig(null, compatibilityField(ctx))
                                        .name()))));
        routes.get(
                "/config/{subject}",
                ctx -> json(
                        ctx,
                        Map.of(
                                "compatibilityLevel",
                                registry.subjectConfig(subject(ctx), flag(ctx, "defaultToGlobal"))
                                        .name())));
        routes.put(
                "/config/{subject}",
                write(ctx -> json(
                        ctx,
                        Map.of(
                                "compatibility",
                                registry.setConfig(subject(ctx), compatibilityField(ctx))
                                        .name()))));
        routes.delete(
                "/config/{subject}",
                write(ctx -> json(
                        ctx,
                        Map.of(
                                "compatibilityLevel",
                                registry.deleteConfig(subject(ctx)).name()))));
    }

    /** Only READWRITE exists here (no READONLY or IMPORT); setting it again is accepted. */
    private void modeRoutes(RoutesConfig routes) {
        routes.get("/mode", ctx -> json(ctx, Map.of("mode", "READWRITE")));
        routes.get("/mode/{subject}", ctx -> {
            if (!flag(ctx, "defaultToGlobal")) {
                throw RegistryError.subjectModeNotFound(subject(ctx)); // no subject has a mode of its own here
            }
            json(ctx, Map.of("mode", "READWRITE"));
        });
        routes.put("/mode", RegistryApi::setMode);
        routes.put("/mode/{subject}", RegistryApi::setMode);
    }

    private static void setMode(Context ctx) {
        String mode = field(body(ctx), "mode");
        if (!"READWRITE".equals(mode)) {
            throw RegistryError.invalidMode(mode);
        }
        json(ctx, Map.of("mode", mode));
    }

    private void compatibility(Context ctx, String version) {
        List<String> problems =
                registry.checkCompatibility(subject(ctx), version, candidate(ctx), flag(ctx, "normalize"));
        ObjectNode answer = JSON.createObjectNode().put("is_compatible", problems.isEmpty());
        if (flag(ctx, "verbose")) {
            problems.forEach(answer.putArray("messages")::add);
        }
        json(ctx, answer);
    }

    private static void errors(RoutesConfig routes) {
        routes.exception(RegistryError.class, (e, ctx) -> error(ctx, e.status, e.errorCode, e.getMessage()));
        routes.exception(Leadership.NotTheWriter.class, (e, ctx) -> error(ctx, 500, 50004, e.getMessage()));
        routes.exception(HttpResponseException.class, (e, ctx) -> httpError(ctx, e.getStatus()));
        routes.exception(
                Exception.class,
                (e, ctx) -> error(ctx, 500, 50001, "Error in the backend data store: " + e.getMessage()));
        // Javalin's own answers (no such route, wrong method) in Confluent's shape, unless a handler already wrote one.
        for (int status : new int[] {404, 405}) {
            routes.error(status, "*", ctx -> {
                if (ctx.attribute(ANSWERED) == null) {
                    httpError(ctx, status);
                }
            });
        }
    }

    private static void httpError(Context ctx, int status) {
        String reason = switch (status) {
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 415 -> "Unsupported Media Type";
            case 400 -> "Bad Request";
            default -> "Error";
        };
        error(ctx, status, status, "HTTP " + status + " " + reason);
    }

    private static void refuseUnknownMediaTypes(Context ctx) {
        String type = ctx.contentType();
        if (type == null || type.isBlank() || ctx.bodyAsBytes().length == 0) {
            return;
        }
        String mediaType = type.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
        if (!ACCEPTED_MEDIA_TYPES.contains(mediaType)) {
            throw RegistryError.http(
                    415,
                    "HTTP 415 Unsupported Media Type: send Content-Type " + CONTENT_TYPE + " (or application/json)");
        }
    }

    /** The answer to a registration: Confluent 8's fields (its 7.x clients read only {@code id}). */
    private static ObjectNode registered(RegisteredSchema schema) {
        ObjectNode body = JSON.createObjectNode()
                .put("id", schema.id())
                .put("version", schema.version())
                .put("schemaType", "AVRO");
        return body.setAll(schemaBody(schema));
    }

    private static Map<String, Object> describe(RegisteredSchema schema) {
        ObjectNode body = schemaBody(schema);
        body.put("subject", schema.subject()).put("version", schema.version()).put("id", schema.id());
        return JSON.convertValue(body, Map.class);
    }

    /** The schema and, when it has any, its references (schemaType is left out for AVRO, as Confluent does). */
    private static ObjectNode schemaBody(RegisteredSchema schema) {
        ObjectNode body = JSON.createObjectNode();
        body.put("schema", schema.schema());
        SchemaReference.putAll(body, schema.references());
        return body;
    }

    private static Registry.Candidate candidate(Context ctx) {
        JsonNode body = body(ctx);
        JsonNode schema = body.get("schema");
        String text =
                schema == null || schema.isNull() ? null : schema.isTextual() ? schema.asText() : schema.toString();
        return new Registry.Candidate(text, field(body, "schemaType"), references(body.get("references")));
    }

    private static List<SchemaReference> references(JsonNode node) {
        List<SchemaReference> references = new ArrayList<>();
        if (node == null || node.isNull()) {
            return references;
        }
        if (!node.isArray()) {
            throw RegistryError.invalidSchema("\"references\" must be an array");
        }
        for (JsonNode reference : node) {
            if (!reference.path("name").isTextual()
                    || !reference.path("subject").isTextual()
                    || !reference.path("version").canConvertToInt()) {
                throw RegistryError.invalidSchema(
                        "each reference needs a \"name\", a \"subject\" and a \"version\": " + reference);
            }
            references.add(new SchemaReference(
                    reference.get("name").asText(),
                    reference.get("subject").asText(),
                    reference.get("version").asInt()));
        }
        return references;
    }

    private static String compatibilityField(Context ctx) {
        return field(body(ctx), "compatibility");
    }

    /** The JSON object the request carries; anything else is Confluent's 400. */
    private static JsonNode body(Context ctx) {
        JsonNode body;
        try {
            body = JSON.readTree(ctx.body());
        } catch (Exception e) {
            throw RegistryError.http(
                    400, e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage());
        }
        if (body == null || !body.isObject()) {
            throw RegistryError.http(400, "The request body must be a JSON object");
        }
        return body;
    }

    /** A string field of the request body, or null when absent. */
    private static String field(JsonNode body, String name) {
        JsonNode value = body.get(name);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static boolean flag(Context ctx, String name) {
        return Boolean.parseBoolean(ctx.queryParam(name));
    }

    private static String subject(Context ctx) {
        return ctx.pathParam("subject");
    }

    private static String version(Context ctx) {
        return ctx.pathParam("version");
    }

    private static int id(Context ctx) {
        try {
            return Integer.parseInt(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw RegistryError.http(404, "HTTP 404 Not Found");
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
        ctx.attribute(ANSWERED, true);
        ctx.status(status);
        json(ctx, JSON.createObjectNode().put("error_code", code).put("message", message)); // Confluent's order
    }
}
