package io.mgmtbus.system.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.topics.BusTopics;
import io.mgmtbus.embedded.BrokerSecurity;
import io.mgmtbus.embedded.EmbeddedKafka;
import io.mgmtbus.embedded.Ports;
import io.mgmtbus.launcher.security.DemoSecrets;
import io.mgmtbus.registry.RegistryServer;
import io.mgmtbus.system.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.tools.AclCommand;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Setting up a secured bus outside the demo: {@code mgmt secrets} writes credentials a broker
 * and every role can use, {@code mgmt acls --apply} prepares the bus as its admin, and the
 * script {@code mgmt acls --format kafka-acls} prints creates the same ACLs through Kafka's own
 * {@code kafka-acls.sh} code.
 */
@Tag("slow")
class SecureSetupCommandsTest {

    @Test
    void secretsThenAclsApplyThenEveryRoleWorks(@TempDir Path work) throws Exception {
        Path dir = work.resolve("secrets");
        CliRun secrets = CliRun.withArgs("secrets", "--dir", dir.toString(), "--node", "worker-01");
        assertThat(secrets.exitCode()).as(secrets.err()).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
                .isEqualTo("rwx------");
        for (String file : List.of(
                "admin.properties",
                "operator.properties",
                "streams.properties",
                "agent.properties",
                "node-worker-01.properties",
                "agent.token",
                "ca.crt",
                "broker.p12",
                "broker.p12.password",
                "registry.p12",
                "agent.p12",
                "truststore.p12",
                "registry-users.properties",
                "scram-credentials",
                "compose.env")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(file))))
                    .as(file)
                    .isEqualTo("rw-------");
        }
        assertThat(CliRun.withArgs("secrets", "--dir", dir.toString()).err())
                .as("a second run would replace credentials a broker was formatted with")
                .contains("already holds credentials");

        BrokerSecurity security = securityOf(dir);
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().security(security).start()) {
            int registryPort = Ports.freePort();
            BusConfig plain = new BusConfig(kafka.bootstrapServers(), "https://127.0.0.1:" + registryPort, "");
            BusConfig admin = plain.withClientSettings(dir.resolve("admin.properties"));
            // As `mgmt registry --tls-keystore registry.p12` runs it, before the ACLs (so as the admin).
            try (RegistryServer registry = RegistryServer.start(
                    admin.clientProperties(),
                    RegistryServer.DEFAULT_TOPIC,
                    Ports.LOOPBACK,
                    registryPort,
                    io.mgmtbus.registry.RegistryUsers.fromFile(dir.resolve("registry-users.properties")),
                    null,
                    DemoSecrets.readFrom(dir).registryKeystore())) {
                CliRun apply = CliRun.of(
                        plain,
                        "acls",
                        "--apply",
                        "--node",
                        "worker-01",
                        "--command-config",
                        dir.resolve("admin.properties").toString());
                assertThat(apply.exitCode()).as(apply.err()).isZero();

                List<AclBinding> expected = DemoSecrets.bindings(
                        new BusTopics(admin),
                        "operator",
                        "streams",
                        "agent",
                        "registry",
                        Map.of("worker-01", "node-worker-01"));
                assertThat(aclsOn(admin)).containsAll(expected);

                // The operator, with nothing but its own file, reads the bus: the ACLs and the registry let it.
                CliRun nodes = CliRun.of(
                        plain,
                        "nodes",
                        "--command-config",
                        dir.resolve("operator.properties").toString());
                assertThat(nodes.exitCode()).as(nodes.err()).isZero();
            }
        }
    }

    @Test
    void theKafkaAclsScriptCreatesTheSameAclsThroughKafkasOwnTool(@TempDir Path work) throws Exception {
        DemoSecrets secrets =
                DemoSecrets.create(work, List.of("worker-01"), List.of(), "127.0.0.1:1", "https://127.0.0.1:1");
        try (EmbeddedKafka kafka =
                EmbeddedKafka.builder().security(secrets.broker()).start()) {
            BusConfig plain = new BusConfig(kafka.bootstrapServers(), "http://127.0.0.1:1", "scripted.");
            CliRun script = CliRun.of(plain, "acls", "--format", "kafka-acls", "--node", "worker-01");
            assertThat(script.exitCode()).as(script.err()).isZero();

            List<String> commands = script.out()
                    .lines()
                    .filter(line -> line.startsWith("kafka-acls.sh "))
                    .toList();
            assertThat(commands).isNotEmpty();
            for (String command : commands) {
                String[] args = command.substring("kafka-acls.sh ".length())
                        .replace("\"$BOOTSTRAP\"", kafka.bootstrapServers())
                        .replace(
                                "\"$ADMIN_CONFIG\"",
                                work.resolve("admin.properties").toString())
                        .split(" ");
                AclCommand.main(args);
            }

            BusConfig admin = secrets.as(DemoSecrets.ADMIN, plain);
            List<AclBinding> expected = DemoSecrets.bindings(
                    new BusTopics("scripted.", null),
                    "operator",
                    "streams",
                    "agent",
                    "registry",
                    Map.of("worker-01", "node-worker-01"));
            assertThat(Set.copyOf(aclsOn(admin))).isEqualTo(Set.copyOf(expected));
        }
    }

    private static List<AclBinding> aclsOn(BusConfig admin) throws Exception {
        try (Admin client = Admin.create(admin.clientProperties())) {
            return new ArrayList<>(
                    client.describeAcls(AclBindingFilter.ANY).values().get());
        }
    }

    /** The broker side of the credentials {@code mgmt secrets} wrote, with its TLS key store. */
    private static BrokerSecurity securityOf(Path dir) throws Exception {
        Properties env = new Properties();
        env.load(Files.newBufferedReader(dir.resolve("compose.env")));
        assertThat(env.getProperty("MGMT_SECRETS_DIR"))
                .isEqualTo(dir.toAbsolutePath().toString());
        BrokerSecurity security = DemoSecrets.readFrom(dir).broker();
        assertThat(Files.readAllLines(dir.resolve("scram-credentials")))
                .hasSize(security.users().size() + 1)
                .allMatch(l -> l.startsWith("SCRAM-SHA-512=[name="));
        assertThat(security.protocol()).isEqualTo("SASL_SSL");
        return security;
    }
}
