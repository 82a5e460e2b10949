package io.mgmtbus.launcher.security;

import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.launcher.ExitCodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mgmt secrets}: random credentials per role for a secured bus outside the demo (docker-compose's secure profile). */
@Command(
        name = "secrets",
        mixinStandardHelpOptions = true,
        description = {
            "Generate random credentials for a secured bus, one SASL/SCRAM user per role (admin, operator, streams,"
                    + " agent, registry, one per node) that also calls the schema registry, the agent's bearer token,"
                    + " and a private certificate authority with TLS certificates for the broker, the registry and"
                    + " the agent.",
            "Writes into DIR (mode 0700, files 0600): <user>.properties (Kafka and registry client settings with"
                    + " the authority inline, for --command-config), ca.crt (the authority, PEM, for other clients),"
                    + " truststore.p12, broker.p12, registry.p12 and agent.p12 (PKCS12, each password in"
                    + " <file>.password), <user>.crt and <user>.key (a client certificate per user, for mutual TLS),"
                    + " agent.token, registry-users.properties (for mgmt registry --users-file and"
                    + " Confluent's registry), scram-credentials (for kafka-storage.sh format --add-scram) and"
                    + " compose.env (for docker-compose --env-file with -f compose/secure.yml).",
            "Refuses a DIR that already holds credentials: a broker formatted with them would no longer match."
        })
public final class SecretsCommand implements Callable<Integer> {

    static final String COMPOSE_ENV = "compose.env";
    static final String SCRAM_FILE = "scram-credentials";

    @Option(
            names = "--dir",
            required = true,
            paramLabel = "DIR",
            description = "Where to write the credentials (created, mode 0700).")
    Path dir;

    @Option(
            names = "--node",
            paramLabel = "NAME",
            split = ",",
            description = "The nodes that get a user (node-NAME). Default: the demo's worker-01, worker-02, manager.")
    List<String> nodes;

    @Option(
            names = "--host",
            paramLabel = "NAME",
            split = ",",
            description = "More host names or IP addresses the servers' certificates are valid for (clients check"
                    + " them). Always: localhost, 127.0.0.1 and the compose service names kafka, schema-registry,"
                    + " agent.")
    List<String> hosts;

    @Option(
            names = "--bootstrap-servers",
            paramLabel = "HOST:PORT",
            defaultValue = BusConfig.DEFAULT_BOOTSTRAP_SERVERS,
            description = "Where clients on this host reach Kafka, written into every role's properties file"
                    + " (flags and MGMT_BOOTSTRAP_SERVERS still win). Default: ${DEFAULT-VALUE}.")
    String bootstrapServers;

    @Option(
            names = "--registry-url",
            paramLabel = "URL",
            defaultValue = "https://127.0.0.1:" + BusConfig.DEFAULT_REGISTRY_PORT,
            description = "The registry's URL written into every role's properties file. Default: ${DEFAULT-VALUE}.")
    String registryUrl;

    @Override
    public Integer call() throws IOException {
        if (Files.exists(dir.resolve(DemoSecrets.ADMIN + ".properties"))) {
            throw new IllegalArgumentException(dir + " already holds credentials; remove it or choose another --dir");
        }
        List<String> named = nodes == null || nodes.isEmpty() ? DemoSecrets.DEMO_NODES : nodes;
        DemoSecrets secrets =
                DemoSecrets.create(dir, named, hosts == null ? List.of() : hosts, bootstrapServers, registryUrl);
        DemoSecrets.write(
                dir.resolve(SCRAM_FILE), String.join("\n", secrets.broker().scramCredentials()) + "\n");
        DemoSecrets.write(
                dir.resolve(COMPOSE_ENV),
                "# docker-compose --env-file " + dir.resolve(COMPOSE_ENV)
                        + " -f docker-compose.yml -f compose/secure.yml up -d\n"
                        + "MGMT_SECRETS_DIR=" + dir.toAbsolutePath() + "\n");
        System.out.println("Credentials for " + DemoSecrets.ADMIN + ", " + DemoSecrets.OPERATOR + ", "
                + DemoSecrets.STREAMS + ", " + DemoSecrets.AGENT + ", " + DemoSecrets.REGISTRY + " and nodes "
                + String.join(", ", named) + ", and TLS certificates signed by a new private authority ("
                + DemoSecrets.CA_FILE + "; the servers' certificates are valid "
                + CertificateAuthority.SERVER_VALIDITY.toDays() + " days), in "
                + dir.toAbsolutePath());
        System.out.println("Next, on your own broker: create the topics and ACLs as the admin once it runs:");
        System.out.println("  bin/mgmt acls --apply --command-config " + dir.resolve(DemoSecrets.ADMIN + ".properties")
                + " --node " + String.join(",", named));
        System.out.println("Or the whole bus in containers (its broker creates them itself; docs/containers.md):");
        System.out.println("  setfacl -R -m u:1000:rX " + dir + "   # or chown -R 1000:1000: the containers' user");
        System.out.println("  docker-compose --env-file " + dir.resolve(COMPOSE_ENV)
                + " -f docker-compose.yml -f compose/secure.yml up -d");
        return ExitCodes.OK;
    }
}
