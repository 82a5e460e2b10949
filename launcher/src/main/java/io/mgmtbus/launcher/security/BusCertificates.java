package io.mgmtbus.launcher.security;

import io.mgmtbus.launcher.HttpsOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One authority, the certificates of the bus's three servers (each valid for loopback, its
 * service name in {@code docker-compose.yml} and the extra hosts given), and one client
 * certificate per user, for a mutual-TLS login where SCRAM is not an option.
 */
final class BusCertificates {

    /** Each server's key store and the name it has in docker-compose.yml. */
    private static final Map<String, String> SERVERS = Map.of(
            DemoSecrets.BROKER_KEYSTORE, "kafka",
            DemoSecrets.REGISTRY_KEYSTORE, "schema-registry",
            DemoSecrets.AGENT_KEYSTORE, "agent");

    private final CertificateAuthority authority;
    private final Map<String, CertificateAuthority.Issued> servers;
    private final Map<String, CertificateAuthority.Issued> clients = new LinkedHashMap<>();

    private BusCertificates(CertificateAuthority authority, Map<String, CertificateAuthority.Issued> servers) {
        this.authority = authority;
        this.servers = servers;
    }

    static BusCertificates issue(List<String> extraHosts, List<String> users) {
        CertificateAuthority authority = CertificateAuthority.create("mgmt-bus private CA");
        Map<String, CertificateAuthority.Issued> servers = new LinkedHashMap<>();
        SERVERS.forEach((keystore, service) -> {
            List<String> hosts = new ArrayList<>(List.of(service));
            hosts.addAll(DemoSecrets.LOCAL_HOSTS);
            extraHosts.stream().filter(host -> !hosts.contains(host)).forEach(hosts::add);
            servers.put(keystore, authority.issueServer(service, hosts));
        });
        BusCertificates certificates = new BusCertificates(authority, servers);
        users.forEach(user -> certificates.clients.put(user, authority.issueClient(user)));
        return certificates;
    }

    /**
     * Writes the authority (PEM and a PKCS12 trust store), each server's PKCS12 key store with its
     * password file, and each user's certificate and key (PEM).
     */
    void writeTo(Path dir) throws IOException {
        DemoSecrets.write(dir.resolve(DemoSecrets.CA_FILE), authority.certificatePem());
        String trustPassword = DemoSecrets.secret();
        DemoSecrets.write(dir.resolve(DemoSecrets.TRUSTSTORE_FILE), authority.truststore(trustPassword));
        DemoSecrets.write(
                dir.resolve(DemoSecrets.TRUSTSTORE_FILE + HttpsOptions.PASSWORD_SUFFIX), trustPassword + "\n");
        for (var server : servers.entrySet()) {
            String password = DemoSecrets.secret();
            DemoSecrets.write(dir.resolve(server.getKey()), server.getValue().pkcs12(password));
            DemoSecrets.write(dir.resolve(server.getKey() + HttpsOptions.PASSWORD_SUFFIX), password + "\n");
        }
        for (var client : clients.entrySet()) {
            DemoSecrets.write(
                    dir.resolve(client.getKey() + DemoSecrets.CLIENT_CERT_SUFFIX),
                    client.getValue().certificatePem());
            DemoSecrets.write(
                    dir.resolve(client.getKey() + DemoSecrets.CLIENT_KEY_SUFFIX),
                    client.getValue().privateKeyPem());
        }
    }
}
