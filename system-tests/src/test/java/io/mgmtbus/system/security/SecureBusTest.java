package io.mgmtbus.system.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.groups.ConsumerGroups;
import io.mgmtbus.contracts.security.BusAcls;
import io.mgmtbus.contracts.topics.BusTopics;
import io.mgmtbus.contracts.topics.TopicProvisioner;
import io.mgmtbus.embedded.BrokerSecurity;
import io.mgmtbus.embedded.BrokerTls;
import io.mgmtbus.embedded.EmbeddedKafka;
import io.mgmtbus.launcher.security.CertificateAuthority;
import io.mgmtbus.launcher.security.DemoSecrets;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker with SASL/SCRAM over TLS and the bus's ACLs ({@link BusAcls}): every role can do its
 * part, and the denials the design promises hold. Against a real secured broker of its own.
 */
@Tag("slow")
class SecureBusTest {

    private static final BrokerSecurity USERS = new BrokerSecurity(
            "admin",
            "admin-secret",
            Map.of(
                    "operator", "operator-secret",
                    "node-worker-01", "worker-01-secret",
                    "node-worker-02", "worker-02-secret",
                    "agent", "agent-secret",
                    "streams", "streams-secret",
                    "nobody", "nobody-secret"));
    private static BrokerSecurity security;
    private static EmbeddedKafka kafka;
    private static BusTopics topics;

    @TempDir
    static Path keys;

    /** Every denial below holds over TLS, as the secured bus runs. */
    @BeforeAll
    static void secureBus() throws Exception {
        CertificateAuthority authority = CertificateAuthority.create("SecureBusTest");
        Path keystore = keys.resolve("broker.p12");
        Files.write(
                keystore,
                authority.issueServer("kafka", DemoSecrets.LOCAL_HOSTS).pkcs12("broker-secret"));
        security = USERS.withTls(new BrokerTls(keystore, "broker-secret", authority.certificatePem()));
        kafka = EmbeddedKafka.builder().security(security).start();
        BusConfig admin = bus("admin");
        topics = new BusTopics(admin);
        BusAcls acls = new BusAcls(topics);
        List<AclBinding> bindings = new ArrayList<>(acls.operator("operator"));
        bindings.addAll(acls.node("node-worker-01", "worker-01"));
        bindings.addAll(acls.node("node-worker-02", "worker-02"));
        bindings.addAll(acls.agent("agent"));
        bindings.addAll(acls.streamsApp("streams"));
        try (Admin client = Admin.create(admin.clientProperties())) {
            new TopicProvisioner(client).ensure(topics.specs());
            BusAcls.grant(client, bindings, Duration.ofSeconds(30));
        }
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    private static BusConfig bus(String user) {
        return new BusConfig(kafka.bootstrapServers(), "http://127.0.0.1:1", "", security.clientProperties(user));
    }

    @Test
    void anUnauthenticatedClientIsRefused() {
        Map<String, Object> plain = new HashMap<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                5000));
        try (KafkaProducer<byte[], byte[]> producer = producer(plain)) {
            assertThatThrownBy(() ->
                            producer.send(record(topics.requests().name())).get())
                    .as("a plaintext client on the SASL listener gets no metadata, so nothing is written")
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
        }
    }

    @Test
    void anAuthenticatedUserWithoutAclsMayDoNothing() {
        try (KafkaProducer<byte[], byte[]> producer = producer(bus("nobody").clientProperties())) {
            assertThatThrownBy(() ->
                            producer.send(record(topics.requests().name())).get())
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void anOperatorWritesRequestsAndCancelsButNoAnswers() throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = producer(bus("operator").clientProperties())) {
            assertThat(producer.send(record(topics.requests().name())).get().offset())
                    .isNotNegative();
            assertThat(producer.send(record(topics.cancels().name())).get().offset())
                    .isNotNegative();
            assertThatThrownBy(() ->
                            producer.send(record(topics.responses().name())).get())
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void aNodeAnswersInItsOwnTransactionsButWritesNoRequestNorCancel() throws Exception {
        Map<String, Object> props = bus("node-worker-01").clientProperties();
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, ConsumerGroups.node(topics, "worker-01"));
        try (KafkaProducer<byte[], byte[]> producer = producer(props)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(record(topics.responses().name()));
            producer.commitTransaction();
        }
        try (KafkaProducer<byte[], byte[]> producer =
                producer(bus("node-worker-01").clientProperties())) {
            for (String forged :
                    List.of(topics.requests().name(), topics.cancels().name())) {
                assertThatThrownBy(() -> producer.send(record(forged)).get())
                        .as("a node writing to " + forged)
                        .isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(TopicAuthorizationException.class);
            }
        }
    }

    @Test
    void theAgentWritesRequestsButCannotForgeAHelloOrAnOutcome() throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = producer(bus("agent").clientProperties())) {
            assertThat(producer.send(record(topics.requests().name())).get().offset())
                    .isNotNegative();
            for (String forged :
                    List.of(topics.hellos().name(), topics.outcomes().name())) {
                assertThatThrownBy(() -> producer.send(record(forged)).get())
                        .as("the agent writing to " + forged)
                        .isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(TopicAuthorizationException.class);
            }
        }
    }

    @Test
    void theStreamsAppWritesOutcomesAndRolloutWavesButNoAnswersOrCancels() throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = producer(bus("streams").clientProperties())) {
            assertThat(producer.send(record(topics.outcomes().name())).get().offset())
                    .isNotNegative();
            assertThat(producer.send(record(topics.requests().name())).get().offset())
                    .as("a rollout's waves are requests the streams-app writes")
                    .isNotNegative();
            for (String forged :
                    List.of(topics.responses().name(), topics.cancels().name())) {
                assertThatThrownBy(() -> producer.send(record(forged)).get())
                        .as("the streams-app writing to " + forged)
                        .isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(TopicAuthorizationException.class);
            }
        }
    }

    @Test
    void aNodeCannotUseAnotherNodesTransactionalId() {
        Map<String, Object> props = bus("node-worker-01").clientProperties();
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, ConsumerGroups.node(topics, "worker-02"));
        try (KafkaProducer<byte[], byte[]> producer = producer(props)) {
            assertThatThrownBy(producer::initTransactions)
                    .as("worker-01 fencing worker-02's transactions")
                    .isInstanceOf(TransactionalIdAuthorizationException.class);
        }
    }

    private static KafkaProducer<byte[], byte[]> producer(Map<String, Object> props) {
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static ProducerRecord<byte[], byte[]> record(String topic) {
        return new ProducerRecord<>(
                topic, "r-1".getBytes(StandardCharsets.UTF_8), "not Avro: ACLs judge before any reader".getBytes());
    }
}
