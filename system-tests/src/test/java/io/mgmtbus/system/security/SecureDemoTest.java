package io.mgmtbus.system.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.topics.BusProvisioning;
import io.mgmtbus.contracts.topics.BusTopics;
import io.mgmtbus.embedded.EmbeddedKafka;
import io.mgmtbus.embedded.Ports;
import io.mgmtbus.launcher.security.DemoSecrets;
import io.mgmtbus.node.ManagedNode;
import io.mgmtbus.registry.RegistryServer;
import io.mgmtbus.streams.DispatchSettings;
import io.mgmtbus.streams.StreamsApp;
import io.mgmtbus.system.CliRun;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The secured bus of {@code mgmt demo --secure} works end to end with every part as its own
 * SASL user under the bus's ACLs and its own registry user: the streams-app, a node, and the CLI
 * with the operator's properties file, while the registry refuses a caller without credentials
 * (SecureBusTest shows that a Kafka client without credentials gets nothing).
 */
@Tag("slow")
class SecureDemoTest {

    private static final String NODE = "worker-01";

    @Test
    void aDispatchCompletesWithEveryPartAsItsOwnUser(@TempDir Path work) throws Exception {
        DemoSecrets secrets = DemoSecrets.generate(List.of(NODE));
        Path secretsDir = work.resolve("secrets");
        try (EmbeddedKafka kafka =
                EmbeddedKafka.builder().security(secrets.broker()).start()) {
            int registryPort = Ports.freePort();
            BusConfig plain =
                    new BusConfig(kafka.bootstrapServers(), "http://" + Ports.LOOPBACK + ":" + registryPort, "");
            BusConfig admin = secrets.as(DemoSecrets.ADMIN, plain);
            try (RegistryServer registry = RegistryServer.start(
                    admin.clientProperties(),
                    RegistryServer.DEFAULT_TOPIC,
                    Ports.LOOPBACK,
                    registryPort,
                    secrets.registryUsers())) {
                BusTopics topics = BusProvisioning.ensure(admin);
                HttpResponse<String> anonymous = HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create(registry.url() + "/subjects"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                assertThat(anonymous.statusCode())
                        .as("registry without credentials")
                        .isEqualTo(401);
                secrets.grant(admin, topics, List.of(NODE));
                secrets.writeTo(secretsDir);
                try (StreamsApp streams = StreamsApp.start(
                                secrets.as(DemoSecrets.STREAMS, plain),
                                DispatchSettings.defaults(),
                                work.resolve("streams"));
                        ManagedNode node = ManagedNode.builder(secrets.as(DemoSecrets.nodeUser(NODE), plain), NODE)
                                .start()) {
                    Path operator = secretsDir.resolve(DemoSecrets.OPERATOR + ".properties");
                    CliRun dispatch = null;
                    for (int attempt = 0; attempt < 10; attempt++) { // until the streams-app knows the node
                        dispatch = CliRun.of(plain, "dispatch", "ping", "--command-config", operator.toString());
                        if (dispatch.exitCode() == 0 && dispatch.out().contains("\"success_count\" : 1")) {
                            break;
                        }
                        Thread.sleep(1000);
                    }
                    assertThat(dispatch.exitCode()).as(dispatch.err()).isZero();
                    assertThat(dispatch.out()).contains("\"success_count\" : 1");
                }
            }
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secretsDir)))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(secretsDir.resolve(DemoSecrets.OPERATOR + ".properties"))))
                .isEqualTo("rw-------");
    }
}
