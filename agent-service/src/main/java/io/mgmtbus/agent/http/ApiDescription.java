package io.mgmtbus.agent.http;

import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** {@code GET /openapi.json}: the API's description, the one list of its endpoints for people and tools. */
final class ApiDescription implements EndpointGroup {

    /** Where the description is served, and where it lies on the class path. */
    static final String PATH = "/openapi.json";

    private final String openApi = read();

    @Override
    public List<Endpoint> endpoints() {
        return List.of(new Endpoint(
                HandlerType.GET,
                PATH,
                ctx -> ctx.contentType("application/json").result(openApi)));
    }

    static String read() {
        try (InputStream in = ApiDescription.class.getResourceAsStream(PATH)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("missing resource " + PATH, e);
        }
    }
}
