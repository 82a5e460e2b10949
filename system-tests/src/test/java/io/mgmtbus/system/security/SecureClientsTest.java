package io.mgmtbus.system.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.groups.ConsumerGroups;
import io.mgmtbus.launcher.security.DemoSecrets;
import io.mgmtbus.system.ExternalProcess;
import io.mgmtbus.system.NodePackages;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients we did not write, on the secured bus with the operator's credentials and the
 * authority's {@code ca.crt}: kafkajs dispatches over SCRAM-SHA-512 and TLS and reads the
 * outcomes, its registry client over HTTPS with basic auth; librdkafka (Debian's
 * python3-confluent-kafka) logs in with SCRAM where its version allows, which this test states,
 * and with its client certificate whatever its version, and dispatches.
 */
@Tag("slow")
class SecureClientsTest {

    /** The first librdkafka whose SCRAM proof Kafka 4 accepts (librdkafka#4895). */
    static final String FIRST_LIBRDKAFKA_WITH_KAFKA_4_SCRAM = "2.6.1";

    private static final List<String> NODES = List.of("worker-01", "manager");

    @TempDir
    static Path work;

    private static SecuredBus bus;

    @BeforeAll
    static void secureBus() throws Exception {
        NodePackages.install();
        bus = SecuredBus.start(work.resolve("secrets"), NODES).withParts(work.resolve("streams"), NODES);
    }

    @AfterAll
    static void stop() throws Exception {
        if (bus != null) {
            bus.close();
        }
    }

    @Test
    void kafkajsDispatchesOverScramAndTlsAndReadsEveryOutcome() throws Exception {
        Map<String, String> env = operatorEnv();
        env.put("PREFIX", "");
        env.put("GROUP_PREFIX", ConsumerGroups.operatorClients(bus.topics));
        String out = ExternalProcess.run(
                NodePackages.DIR, List.of("node", "dispatch-legacy-partitioner.js"), env, Duration.ofSeconds(150));
        List<JsonNode> outcomes = ExternalProcess.jsonLines(out);
        assertThat(outcomes).hasSize(9);
        assertThat(outcomes).allSatisfy(outcome -> {
            String reqid = outcome.get("reqid").asText();
            JsonNode results = outcome.get("results");
            assertThat(outcome.get("outcome_partition")).isEqualTo(outcome.get("request_partition"));
            if (reqid.startsWith("all-")) {
                assertThat(outcome.get("state").asText()).isEqualTo("COMPLETE");
                assertThat(results.fieldNames()).toIterable().containsExactlyInAnyOrderElementsOf(NODES);
            } else if (reqid.startsWith("some-")) {
                assertThat(results.get("nope").asText()).startsWith("error: ");
                assertThat(results.get("worker-01").asText()).doesNotStartWith("error: ");
            } else {
                assertThat(results.get("worker-01").asText()).startsWith("error: ");
            }
        });
    }

    @Test
    void librdkafkaGetsWhatItsVersionAllows() throws Exception {
        Map<String, String> env = operatorEnv();
        env.put("SUBJECT", bus.topics.requests().name() + "-value");
        env.put("PREFIX", "");
        env.put("CLIENT_CERT_BOOTSTRAP", "127.0.0.1:" + bus.clientCertPort);
        env.put(
                "CLIENT_CERT",
                bus.secrets
                        .dir()
                        .resolve("operator" + DemoSecrets.CLIENT_CERT_SUFFIX)
                        .toString());
        env.put(
                "CLIENT_KEY",
                bus.secrets
                        .dir()
                        .resolve("operator" + DemoSecrets.CLIENT_KEY_SUFFIX)
                        .toString());
        String out = ExternalProcess.run(
                Path.of("src/test/python"),
                List.of("/usr/bin/python3", "secure_librdkafka.py"),
                env,
                Duration.ofSeconds(90));
        JsonNode report = ExternalProcess.jsonLines(out).get(0);
        String version = report.get("librdkafka").asText();
        System.out.println("librdkafka " + version + " on the secured bus: " + report);

        assertThat(report.at("/registry/ok").asBoolean())
                .as("the registry over HTTPS with basic auth, whatever the Kafka client: %s", report)
                .isTrue();
        assertThat(report.at("/registry/schema_id").asInt())
                .isEqualTo(bus.as(DemoSecrets.OPERATOR)
                        .schemaRegistry()
                        .lookup(
                                bus.topics.requests().name() + "-value",
                                io.mgmtbus.events.NodeDispatchRequest.getClassSchema()));
        // Whatever its version, it logs in by certificate on the mutual-TLS listener and dispatches.
        assertThat(report.at("/client_certificate/ok").asBoolean())
                .as("a dispatch over the client-certificate listener: %s", report)
                .isTrue();
        assertThat(report.at("/client_certificate/state").asText()).isEqualTo("COMPLETE");
        assertThat(report.at("/client_certificate/nodes").toString())
                .contains("worker-01")
                .contains("manager");
        if (olderThan(version, FIRST_LIBRDKAFKA_WITH_KAFKA_4_SCRAM)) {
            // Its TLS handshake succeeds (the authority and host check out); Kafka 4 rejects its SCRAM proof.
            assertThat(report.at("/kafka/ok").asBoolean()).isFalse();
            assertThat(report.at("/kafka/errors").toString())
                    .contains("Authentication failed during authentication due to invalid credentials with SASL"
                            + " mechanism SCRAM-SHA-512");
        } else {
            assertThat(report.at("/kafka/ok").asBoolean()).as(report.toString()).isTrue();
            assertThat(report.at("/kafka/topics").toString())
                    .contains(bus.topics.requests().name());
        }
    }

    /** The operator's login and where the bus is, as a client outside the JVM takes them. */
    private static Map<String, String> operatorEnv() {
        BusConfig operator = bus.as(DemoSecrets.OPERATOR);
        String userInfo = operator.clientSettings().get("basic.auth.user.info");
        Map<String, String> env = new HashMap<>();
        env.put("BOOTSTRAP", bus.kafka.bootstrapServers());
        env.put("REGISTRY", bus.registry.url());
        env.put("CA_FILE", bus.secrets.dir().resolve(DemoSecrets.CA_FILE).toString());
        env.put("SASL_USER", userInfo.substring(0, userInfo.indexOf(':')));
        env.put("SASL_PASSWORD", userInfo.substring(userInfo.indexOf(':') + 1));
        return env;
    }

    static boolean olderThan(String version, String than) {
        int[] a = parts(version);
        int[] b = parts(than);
        for (int i = 0; i < 3; i++) {
            if (a[i] != b[i]) {
                return a[i] < b[i];
            }
        }
        return false;
    }

    private static int[] parts(String version) {
        String[] fields = version.split("[.-]");
        int[] parts = new int[3];
        for (int i = 0; i < 3 && i < fields.length; i++) {
            parts[i] = Integer.parseInt(fields[i].replaceAll("\\D.*", ""));
        }
        return parts;
    }
}
