package io.mgmtbus.agent.http;

import io.javalin.http.Context;
import io.javalin.http.UnauthorizedResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Set;

/**
 * The secret a caller of the agent's API must present ({@code Authorization: Bearer <token>})
 * when the agent runs secured. {@code /health} stays open, so probes need no secret; it tells
 * nothing but whether the parts run. So do the console's page and assets, which hold no data:
 * the console asks for the token and sends it with every call it makes.
 */
public final class BearerToken {

    /** Environment variable holding the token, when no token file is given. */
    public static final String ENV = "MGMT_AGENT_TOKEN";

    private static final Set<String> OPEN_PATHS = Set.of("/health", "/", "/index.html");
    private static final String OPEN_PREFIX = "/assets/";

    private final byte[] secret;

    private BearerToken(String secret) {
        if (secret.isBlank()) {
            throw new IllegalArgumentException("the agent's bearer token must not be empty");
        }
        this.secret = secret.trim().getBytes(StandardCharsets.UTF_8);
    }

    public static BearerToken of(String secret) {
        return new BearerToken(secret);
    }

    /** The token in {@code file} (its first line). */
    public static BearerToken fromFile(Path file) {
        try {
            return new BearerToken(Files.readAllLines(file).stream().findFirst().orElse(""));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the agent's token file " + file, e);
        }
    }

    /** Refuses the call (401) unless it is to an open path or carries this token. */
    void check(Context ctx) {
        if (OPEN_PATHS.contains(ctx.path()) || ctx.path().startsWith(OPEN_PREFIX)) {
            return;
        }
        String header = ctx.header("Authorization");
        String presented = header != null && header.startsWith("Bearer ")
                ? header.substring(7).trim()
                : null;
        // Constant time, so the comparison does not tell how much of a guess was right.
        if (presented == null || !MessageDigest.isEqual(secret, presented.getBytes(StandardCharsets.UTF_8))) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"mgmt-bus\"");
            throw new UnauthorizedResponse(
                    presented == null
                            ? "this agent needs 'Authorization: Bearer <token>'"
                            : "the bearer token is not this agent's");
        }
    }
}
