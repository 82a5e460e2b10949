package io.mgmtbus.registry;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.util.security.Credential;

/**
 * Who may call a secured registry (HTTP basic). Read from a file in the format Confluent's
 * registry takes through Jetty's {@code PropertyFileLoginModule}: one {@code user: password}
 * per line, optionally followed by {@code ,role...}, the password plain or Jetty-obfuscated/hashed
 * ({@code OBF:}, {@code MD5:}, {@code CRYPT:}). One role means something here: a user with
 * {@value #READER_ROLE} only reads (schemas, subjects, lookups, and registering a schema the
 * subject already holds, which writes nothing); every other user may also register, delete and
 * configure. Other roles are accepted and ignored.
 */
public final class RegistryUsers {

    /** Environment variable naming a users file, when no {@code --users-file} is given. */
    public static final String ENV = "MGMT_REGISTRY_USERS_FILE";

    /** The role of a user who may only read. */
    public static final String READER_ROLE = "schema-reader";

    static final String REALM = "mgmt-bus schema registry";

    private static final String USER_ATTRIBUTE = "registry-user";
    private static final String READ_ONLY_ATTRIBUTE = "registry-read-only";

    private final Map<String, Credential> credentials;
    private final Set<String> readers;

    private RegistryUsers(Map<String, Credential> credentials, Set<String> readers) {
        if (credentials.isEmpty()) {
            throw new IllegalArgumentException("a secured schema registry needs at least one user");
        }
        this.credentials = Map.copyOf(credentials);
        this.readers = Set.copyOf(readers);
    }

    /** Users with plain passwords, e.g. generated ones, who may all write. */
    public static RegistryUsers of(Map<String, String> passwords) {
        return of(passwords, Set.of());
    }

    /** Users with plain passwords; {@code readers} only read. */
    public static RegistryUsers of(Map<String, String> passwords, Set<String> readers) {
        Map<String, Credential> credentials = new LinkedHashMap<>();
        passwords.forEach((user, password) -> credentials.put(user, Credential.getCredential(password)));
        return new RegistryUsers(credentials, readers);
    }

    /** The users of a {@code user: password[,role...]} file. */
    public static RegistryUsers fromFile(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the registry's users file " + file, e);
        }
        Map<String, Credential> credentials = new LinkedHashMap<>();
        Set<String> readers = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            // Jetty reads the file as java.util.Properties: "user: password" or "user=password".
            int colon = separator(line);
            if (colon <= 0) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": expected 'user: password[,role...]'");
            }
            String[] fields = line.substring(colon + 1).split(",");
            String password = fields[0].strip();
            if (password.isEmpty()) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": the password is empty");
            }
            String user = line.substring(0, colon).strip();
            credentials.put(user, Credential.getCredential(password));
            if (Arrays.stream(fields).skip(1).map(String::strip).anyMatch(READER_ROLE::equals)) {
                readers.add(user);
            }
        }
        return new RegistryUsers(credentials, readers);
    }

    private static int separator(String line) {
        int colon = line.indexOf(':');
        int equals = line.indexOf('=');
        return colon < 0 ? equals : equals < 0 ? colon : Math.min(colon, equals);
    }

    /** How many users may call. */
    public int size() {
        return credentials.size();
    }

    /** Refuses the call (401, Confluent's error body) unless it carries a known user's credentials. */
    void check(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw unauthorized(ctx, "Unauthorized: this registry needs HTTP basic credentials");
        }
        String userInfo;
        try {
            userInfo = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw unauthorized(ctx, "Unauthorized: the basic credentials are not base64");
        }
        int colon = userInfo.indexOf(':');
        Credential known = colon < 0 ? null : credentials.get(userInfo.substring(0, colon));
        // Checked against a dummy when the user is unknown, so timing does not tell which users exist.
        Credential checked = known != null ? known : Credential.getCredential("\u0000unknown");
        boolean matches = colon >= 0 && checked.check(userInfo.substring(colon + 1));
        if (known == null || !matches) {
            throw unauthorized(ctx, "Unauthorized: unknown user or wrong password");
        }
        String user = userInfo.substring(0, colon);
        ctx.attribute(USER_ATTRIBUTE, user);
        ctx.attribute(READ_ONLY_ATTRIBUTE, readers.contains(user));
    }

    /** Whether the caller of {@code ctx} was let in as a read-only user. */
    static boolean isReadOnly(Context ctx) {
        return Boolean.TRUE.equals(ctx.attribute(READ_ONLY_ATTRIBUTE));
    }

    /** The user {@code ctx} was let in as, or "anonymous" on an open registry. */
    static String user(Context ctx) {
        String user = ctx.attribute(USER_ATTRIBUTE);
        return user == null ? "anonymous" : user;
    }

    private static RegistryError unauthorized(Context ctx, String message) {
        ctx.header("WWW-Authenticate", "Basic realm=\"" + REALM + "\"");
        return new RegistryError(401, 401, message);
    }
}
