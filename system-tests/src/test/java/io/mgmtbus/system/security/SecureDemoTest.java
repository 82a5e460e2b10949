package io.mgmtbus.system.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.mgmtbus.launcher.security.DemoSecrets;
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
 * SASL user under the bus's ACLs and its own registry user, over TLS: the streams-app, a node, and
 * the CLI with the operator's properties file alone, while the registry refuses a caller without credentials
 * (SecureBusTest shows that a Kafka client without credentials gets nothing).
 */
@Tag("slow")
class SecureDemoTest {

    private static final String NODE = "worker-01";

    @Test
    void aDispatchCompletesWithEveryPartAsItsOwnUser(@TempDir Path work) throws Exception {
        Path secretsDir = work.resolve("secrets");
        try (SecuredBus bus = SecuredBus.start(secretsDir, List.of(NODE))) {
            HttpResponse<String> anonymous = HttpClient.newBuilder()
                    .sslContext(bus.secrets.registryKeystore().peerTrust())
                    .build()
                    .send(
                            HttpRequest.newBuilder(URI.create(bus.registry.url() + "/subjects"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(anonymous.statusCode())
                    .as("registry without credentials")
                    .isEqualTo(401);
            bus.withParts(work.resolve("streams"), List.of(NODE));
            // The operator's file alone: TLS, its login and the registry's https URL are all in it.
            Path operator = bus.propertiesOf(DemoSecrets.OPERATOR);
            CliRun dispatch = null;
            for (int attempt = 0; attempt < 10; attempt++) { // until the streams-app knows the node
                dispatch = CliRun.withArgs(
                        "dispatch",
                        "ping",
                        "--bootstrap-servers",
                        bus.kafka.bootstrapServers(),
                        "--command-config",
                        operator.toString());
                if (dispatch.exitCode() == 0 && dispatch.out().contains("\"success_count\" : 1")) {
                    break;
                }
                Thread.sleep(1000);
            }
            assertThat(dispatch.exitCode()).as(dispatch.err()).isZero();
            assertThat(dispatch.out()).contains("\"success_count\" : 1");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secretsDir)))
                .isEqualTo("rwx------");
        for (String file : List.of(DemoSecrets.OPERATOR + ".properties", DemoSecrets.REGISTRY_KEYSTORE, "ca.crt")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secretsDir.resolve(file))))
                    .as(file)
                    .isEqualTo("rw-------");
        }
    }
}
