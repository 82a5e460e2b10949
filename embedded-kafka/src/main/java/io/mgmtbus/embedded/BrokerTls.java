package io.mgmtbus.embedded;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The TLS side of a secured broker: its key store (a PKCS12 file with its key and certificate
 * chain) and the certificate of the authority every client trusts, in PEM. Clients get the
 * authority inline ({@code ssl.truststore.type=PEM}, {@code ssl.truststore.certificates}), so a
 * role's properties file is all a Java client needs, wherever it runs.
 *
 * @param keystore the broker's PKCS12 key store
 * @param keystorePassword its password
 * @param caPem the authority's certificate (PEM)
 */
public record BrokerTls(Path keystore, String keystorePassword, String caPem) {

    /** Names the files, not the password: a configuration gets logged. */
    @Override
    public String toString() {
        return "BrokerTls[keystore=" + keystore + "]";
    }

    /** A client's settings to trust the authority (Kafka's own keys; the host name is checked, as by default). */
    public Map<String, String> trustProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("ssl.truststore.type", "PEM");
        p.put("ssl.truststore.certificates", caPem.strip());
        return p;
    }

    /**
     * The settings of listener {@code name} as a mutual-TLS one: a client must show a certificate
     * of the authority, and its principal is the certificate's common name ({@code CN=operator}
     * is {@code User:operator}, as a SASL login of that name would be).
     */
    static Map<String, String> clientCertificateListener(String name) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("listener.name." + name + ".ssl.client.auth", "required");
        p.put("ssl.principal.mapping.rules", "RULE:^CN=([A-Za-z0-9._-]+)$/$1/,DEFAULT");
        return p;
    }

    /** The broker's settings: its key store, and the authority for its own client to itself (inter-broker). */
    Map<String, String> brokerProperties() {
        Map<String, String> p = new LinkedHashMap<>(trustProperties());
        p.put("ssl.keystore.type", "PKCS12");
        p.put("ssl.keystore.location", keystore.toAbsolutePath().toString());
        p.put("ssl.keystore.password", keystorePassword);
        return p;
    }
}
