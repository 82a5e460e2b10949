package io.mgmtbus.system.containers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.topics.BusTopics;
import io.mgmtbus.harness.faults.Ledger;
import io.mgmtbus.harness.faults.RequestLoad;
import io.mgmtbus.launcher.security.DemoSecrets;
import io.mgmtbus.system.CertificateLogin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped docker-compose.yml, run for real: the bus's image built from this build's jars, the
 * whole bus (broker, registry, streams-app, agent, three nodes) brought up in containers, a dispatch
 * through the agent's published port and load from a Kafka client on the host, a node container and
 * the streams-app container killed (SIGKILL) under that load and started again, then every request
 * counted on the topics as the fault scenarios count them: nothing lost, nothing doubled. Then
 * {@code down -v}. The same for the secure override, with the credentials of {@code mgmt secrets}.
 */
@Tag("slow")
class ComposeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void engineAndImage() throws InterruptedException {
        BusImage.ready();
    }

    @Test
    void theBusRunsInContainersAndSurvivesKilledContainers() throws Exception {
        try (Compose compose = new Compose(List.of("docker-compose.yml"), Map.of())) {
            exercise(compose, new BusConfig(compose.bootstrapServers(), compose.registryUrl(), ""), null);
        }
    }

    @Test
    void theSecureBusRunsInContainersWithEveryRoleAsItsOwnUser(@TempDir Path temp) throws Exception {
        Assumptions.assumeTrue(
                "root".equals(System.getProperty("user.name")),
                "handing the secrets to the containers' uid 1000 needs root (or setfacl: docs/containers.md)");
        Path secrets = temp.resolve("secrets");
        DemoSecrets credentials = DemoSecrets.create(
                secrets, DemoSecrets.DEMO_NODES, List.of(), "kafka:19092", "https://schema-registry:8081");
        http = HttpClient.newBuilder()
                .sslContext(credentials.agentKeystore().peerTrust())
                .build();
        // The containers' user (uid 1000) must read the 0600 files, as docs/containers.md says.
        chown(secrets, 1000);
        try (Compose compose = new Compose(
                List.of("docker-compose.yml", Compose.SECURE), Map.of("MGMT_SECRETS_DIR", secrets.toString()))) {
            BusConfig asOperator = credentials.as(
                    DemoSecrets.OPERATOR, new BusConfig(compose.bootstrapServers(), compose.registryUrl(), ""));
            exercise(compose, asOperator, credentials.agentToken());
            assertThat(get(compose.agentUrl() + "/nodes", null).statusCode())
                    .as("the agent refuses a caller without its token")
                    .isEqualTo(401);
            assertThat(topicsByCertificate(compose, secrets))
                    .as("the operator, by its certificate on the published mutual-TLS port")
                    .contains(new BusTopics(asOperator).requests().name());
        }
    }

    private void exercise(Compose compose, BusConfig host, String token) throws Exception {
        try {
            long start = System.nanoTime();
            compose.up();
            awaitHealthy(compose, token);
            awaitNodes(compose, token);
            System.out.printf("compose: the bus up and healthy in %.1f s%n", (System.nanoTime() - start) / 1e9);

            JsonNode outcome =
                    JSON.readTree(post(compose.agentUrl() + "/dispatch?wait=true", "{\"action\":[\"ping\"]}", token)
                            .body());
            assertThat(outcome.path("state").asText()).as(outcome.toString()).isEqualTo("complete");
            assertThat(outcome.path("results").size()).isEqualTo(DemoSecrets.DEMO_NODES.size());

            BusTopics topics = new BusTopics(host);
            String prefix = "compose-" + UUID.randomUUID().toString().substring(0, 8);
            RequestLoad load = new RequestLoad(host, topics, prefix, 10, Duration.ofSeconds(30));
            try (load) {
                load.awaitNodesKnown(DemoSecrets.DEMO_NODES.size(), Duration.ofSeconds(60));
                Thread issuer = new Thread(load::issue, "compose-load");
                issuer.start();
                Thread.sleep(3_000);
                compose.kill("worker-01");
                Thread.sleep(2_000);
                compose.start("worker-01");
                Thread.sleep(3_000);
                compose.kill("streams-app");
                Thread.sleep(2_000);
                compose.start("streams-app");
                Thread.sleep(8_000);
                load.stopIssuing();
                issuer.join();
                assertThat(load.awaitOutcomes(Duration.ofMinutes(2)))
                        .as("requests still without an outcome")
                        .isZero();
            }
            Ledger ledger = Ledger.read(host, topics, reqid -> reqid.startsWith(prefix), load.acknowledged());
            System.out.println("compose: after killing worker-01 and the streams-app under load: " + ledger);
            assertThat(ledger.issued()).as("requests issued under the kills").isPositive();
            assertThat(ledger.lost()).as("lost: %s", ledger).isZero();
            assertThat(ledger.duplicateOutcomes())
                    .as("doubled outcomes: %s", ledger)
                    .isZero();
            assertThat(ledger.answersCountedTwice())
                    .as("answers counted twice: %s", ledger)
                    .isZero();
            assertThat(ledger.duplicateAnswerRecords())
                    .as("nodes answer exactly once by default: %s", ledger)
                    .isZero();
        } catch (Throwable e) {
            System.err.println("compose logs:\n" + compose.logs());
            throw e;
        }
    }

    private void awaitHealthy(Compose compose, String token) throws Exception {
        long until = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        String last = "no answer";
        while (System.nanoTime() < until) {
            try {
                HttpResponse<String> health = get(compose.agentUrl() + "/health", token);
                if (health.statusCode() == 200) {
                    return;
                }
                last = health.statusCode() + " " + health.body();
            } catch (java.io.IOException e) {
                last = e.toString();
            }
            Thread.sleep(1_000);
        }
        throw new AssertionError("the agent was not healthy within 4 minutes: " + last);
    }

    /** Every node said hello (the secure variant starts them only once the agent is up). */
    private void awaitNodes(Compose compose, String token) throws Exception {
        long until = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        String last = "no answer";
        while (System.nanoTime() < until) {
            last = get(compose.agentUrl() + "/nodes", token).body();
            String seen = last;
            if (DemoSecrets.DEMO_NODES.stream().allMatch(node -> seen.contains("\"" + node + "\""))) {
                return;
            }
            Thread.sleep(1_000);
        }
        throw new AssertionError("not every node said hello within 2 minutes: " + last);
    }

    private HttpResponse<String> get(String url, String token) throws Exception {
        return http.send(request(url, token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String url, String body, String token) throws Exception {
        return http.send(
                request(url, token)
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(String url, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
        return token == null ? builder : builder.header("authorization", "Bearer " + token);
    }

    /** The topics the operator sees, logged in with its certificate instead of SCRAM. */
    private static java.util.Set<String> topicsByCertificate(Compose compose, Path secrets) throws Exception {
        Map<String, Object> client =
                CertificateLogin.as(DemoSecrets.OPERATOR, secrets, "127.0.0.1:" + compose.certPort);
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(client)) {
            return admin.listTopics().names().get(60, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    private static void chown(Path dir, int uid) throws Exception {
        try (var files = Files.walk(dir)) {
            for (Path file : files.toList()) {
                Files.setAttribute(file, "unix:uid", uid);
                Files.setAttribute(file, "unix:gid", uid);
            }
        }
    }
}
