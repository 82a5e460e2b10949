package io.mgmtbus.launcher;

import io.mgmtbus.registry.HttpsKeystore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The HTTPS options of the bus's HTTP servers ({@code mgmt registry}, {@code mgmt agent}). */
public final class HttpsOptions {

    /** The file beside a key store that holds its password, as {@code mgmt secrets} writes it. */
    public static final String PASSWORD_SUFFIX = ".password";

    @Option(
            names = "--tls-keystore",
            paramLabel = "FILE",
            defaultValue = "${env:MGMT_TLS_KEYSTORE}",
            description = "Serve HTTPS only, with the key and certificate chain in this PKCS12 file (mgmt secrets"
                    + " writes registry.p12 and agent.p12). Env MGMT_TLS_KEYSTORE. Default: plain HTTP.")
    Path keystore;

    @Option(
            names = "--tls-keystore-password-file",
            paramLabel = "FILE",
            defaultValue = "${env:MGMT_TLS_KEYSTORE_PASSWORD_FILE}",
            description = "The file holding the key store's password. Env MGMT_TLS_KEYSTORE_PASSWORD_FILE. Default:"
                    + " the key store's name with '" + PASSWORD_SUFFIX + "' added.")
    Path passwordFile;

    /** The key store to serve HTTPS with, or null for plain HTTP. */
    public HttpsKeystore keystore() {
        if (keystore == null || keystore.toString().isBlank()) {
            return null;
        }
        Path password = passwordFile == null || passwordFile.toString().isBlank()
                ? keystore.resolveSibling(keystore.getFileName() + PASSWORD_SUFFIX)
                : passwordFile;
        try {
            return new HttpsKeystore(keystore, Files.readString(password).strip());
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read the password of " + keystore + " from " + password
                            + " (--tls-keystore-password-file): " + e.getMessage(),
                    e);
        }
    }

    /** How the server is reached, for its start-up line. */
    public static String describe(HttpsKeystore https) {
        return https == null ? "plain HTTP" : "HTTPS with " + https.file();
    }
}
