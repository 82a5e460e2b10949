package io.mgmtbus.schemas.registry;

import io.mgmtbus.schemas.wire.WireFormat;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * Where a registry is and who calls it: its base URL without credentials, and the HTTP basic
 * credentials ({@code user:password}) if any. Credentials come the ways Confluent's clients
 * take them: the URL's user-info ({@code http://user:password@host:8081}) or {@code
 * basic.auth.user.info}, chosen by {@code basic.auth.credentials.source} ({@code URL} or {@code
 * USER_INFO}; when unset, {@code basic.auth.user.info} wins if given).
 *
 * An {@code https} registry is trusted as Confluent's {@code schema.registry.ssl.*} settings say
 * ({@link RegistryTls}), else by the JVM's default trust store.
 *
 * @param url base URL without user-info or trailing slash, safe to print
 * @param userInfo {@code user:password} for HTTP basic, or null to call anonymously
 * @param tls how to trust an HTTPS registry, or null for the JVM's defaults
 */
public record RegistryEndpoint(String url, String userInfo, SSLContext tls) {

    public RegistryEndpoint {
        url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    public RegistryEndpoint(String url, String userInfo) {
        this(url, userInfo, null);
    }

    /** The same registry, trusted as {@code tls} says. */
    public RegistryEndpoint withTls(SSLContext tls) {
        return new RegistryEndpoint(url, userInfo, tls);
    }

    @Override
    public String toString() {
        return userInfo == null ? url : url + " (as " + user() + ")";
    }

    /** The endpoint of {@code url}, whose user-info (if any) are the credentials. */
    public static RegistryEndpoint of(String url) {
        return of(url, null, null);
    }

    /** The endpoint the serde settings {@code configs} name, or null when they name no registry. */
    public static RegistryEndpoint fromConfigs(Map<String, ?> configs) {
        Object url = configs.get(WireFormat.SCHEMA_REGISTRY_URL);
        if (url == null) {
            return null;
        }
        return of(
                        url.toString(),
                        string(configs.get(WireFormat.BASIC_AUTH_CREDENTIALS_SOURCE)),
                        string(configs.get(WireFormat.BASIC_AUTH_USER_INFO)))
                .withTls(RegistryTls.fromConfigs(configs));
    }

    /**
     * The endpoint of {@code url} with credentials from {@code source} ({@code URL}, {@code
     * USER_INFO} or null) and {@code userInfo}.
     */
    public static RegistryEndpoint of(String url, String source, String userInfo) {
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            // Not chained: the parser's message repeats the whole URL, password included.
            throw new IllegalArgumentException(WireFormat.SCHEMA_REGISTRY_URL + " is not a URL: " + redact(url));
        }
        if (uri.getHost() == null
                && uri.getRawAuthority() != null
                && uri.getRawAuthority().contains("@")) {
            throw new IllegalArgumentException(WireFormat.SCHEMA_REGISTRY_URL + " " + redact(url)
                    + " cannot be read: percent-encode '@', ':' and '/' in its user name and password");
        }
        // getUserInfo() decodes %XX escapes only: a '+' stays a '+'.
        String fromUrl = uri.getUserInfo();
        String bare = fromUrl == null ? url.trim() : withoutUserInfo(uri);
        String chosen = switch (source == null ? "" : source.trim().toUpperCase(Locale.ROOT)) {
            case "" -> userInfo != null && !userInfo.isBlank() ? userInfo : fromUrl;
            case "URL" -> fromUrl;
            case "USER_INFO" -> {
                if (userInfo == null || userInfo.isBlank()) {
                    throw new IllegalArgumentException(WireFormat.BASIC_AUTH_CREDENTIALS_SOURCE + "=USER_INFO needs "
                            + WireFormat.BASIC_AUTH_USER_INFO + "=user:password");
                }
                yield userInfo;
            }
            default ->
                throw new IllegalArgumentException(WireFormat.BASIC_AUTH_CREDENTIALS_SOURCE + " '" + source
                        + "' is not supported: use URL or USER_INFO");
        };
        if (chosen != null && !chosen.contains(":")) {
            throw new IllegalArgumentException("schema registry credentials must read user:password");
        }
        return new RegistryEndpoint(bare, chosen);
    }

    /** {@code url} with any password in its user-info replaced, for messages and logs. */
    public static String redact(String url) {
        // Up to the last '@' before the path, so a password with an unencoded '@' is hidden whole.
        return url == null ? null : url.replaceFirst("//([^/@:]*):[^/]*@", "//$1:***@");
    }

    /** The user the credentials name, or null. */
    public String user() {
        return userInfo == null ? null : userInfo.substring(0, userInfo.indexOf(':'));
    }

    /** The {@code Authorization} header value, or null when calling anonymously. */
    String authorization() {
        return userInfo == null
                ? null
                : "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
    }

    private static String withoutUserInfo(URI uri) {
        String s = uri.toString();
        return s.replaceFirst("//[^/@]*@", "//");
    }

    private static String string(Object value) {
        return value == null ? null : value.toString();
    }
}
