package io.mgmtbus.system;

import io.mgmtbus.launcher.security.DemoSecrets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Kafka client settings for the mutual-TLS listener: trust the bus's authority, show a certificate. */
public final class CertificateLogin {

    private CertificateLogin() {}

    /** As {@code user} of the secrets in {@code secrets}, with its {@code <user>.crt} and {@code .key}. */
    public static Map<String, Object> as(String user, Path secrets, String bootstrapServers) throws IOException {
        return with(
                bootstrapServers,
                secrets,
                Files.readString(secrets.resolve(user + DemoSecrets.CLIENT_CERT_SUFFIX)),
                Files.readString(secrets.resolve(user + DemoSecrets.CLIENT_KEY_SUFFIX)));
    }

    /** With {@code certificate} and {@code key} (PEM; null: no certificate at all), trusting the authority of {@code secrets}. */
    public static Map<String, Object> with(String bootstrapServers, Path secrets, String certificate, String key)
            throws IOException {
        Map<String, Object> client = new HashMap<>();
        client.put("bootstrap.servers", bootstrapServers);
        client.put("security.protocol", "SSL");
        client.put("ssl.truststore.type", "PEM");
        client.put("ssl.truststore.certificates", Files.readString(secrets.resolve(DemoSecrets.CA_FILE)));
        if (certificate != null) {
            client.put("ssl.keystore.type", "PEM");
            client.put("ssl.keystore.certificate.chain", certificate);
            client.put("ssl.keystore.key", key);
        }
        return client;
    }
}
