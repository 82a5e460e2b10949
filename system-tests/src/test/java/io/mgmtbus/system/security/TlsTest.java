package io.mgmtbus.system.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.embedded.BrokerSecurity;
import io.mgmtbus.embedded.EmbeddedKafka;
import io.mgmtbus.embedded.Ports;
import io.mgmtbus.launcher.security.CertificateAuthority;
import io.mgmtbus.launcher.security.DemoSecrets;
import io.mgmtbus.registry.HttpsKeystore;
import io.mgmtbus.registry.RegistryServer;
import io.mgmtbus.schemas.registry.RegistryEndpoint;
import io.mgmtbus.schemas.registry.RegistryTls;
import io.mgmtbus.schemas.registry.SchemaRegistryClient;
import io.mgmtbus.schemas.registry.SchemaRegistryException;
import io.mgmtbus.system.CertificateLogin;
import io.mgmtbus.system.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS on every hop of the secured bus, and its hostile cases: what a tap on the client port sees
 * (no record value, no password), and the clear errors a client gets from a server it must not
 * trust (another authority, an expired certificate, another host's) or when it speaks plaintext
 * to a TLS port. Against a real secured broker and real HTTPS registries.
 */
@Tag("slow")
class TlsTest {

    @TempDir
    static Path work;

    private static SecuredBus bus;

    @BeforeAll
    static void secureBus() {
        bus = SecuredBus.start(work.resolve("secrets"), List.of("worker-01"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (bus != null) {
            bus.close();
        }
    }

    @Test
    void aTapOnTheClientPortSeesNoRecordValueNorPasswordOverTls(@TempDir Path dir) throws Exception {
        DemoSecrets secrets = DemoSecrets.create(dir, List.of(), List.of(), "127.0.0.1:1", "https://127.0.0.1:1");
        String marker = "record-value-" + UUID.randomUUID();
        try (Tapped tls = produceThroughATap(secrets.broker(), marker)) {
            assertThat(tls.proxy.size()).as("bytes the tap carried").isGreaterThan(10_000);
            assertThat(tls.proxy.carried(marker))
                    .as("the record value in clear")
                    .isFalse();
            assertThat(tls.proxy.carried(secrets.broker().adminPassword()))
                    .as("the password in clear")
                    .isFalse();
            assertThat(tls.proxy.carried("SCRAM-SHA-512"))
                    .as("even the SASL handshake")
                    .isFalse();
        }
        // The same tap on the same users without TLS sees the value: the check above can fail.
        BrokerSecurity plaintext = new BrokerSecurity(
                secrets.broker().adminUser(),
                secrets.broker().adminPassword(),
                secrets.broker().users());
        try (Tapped clear = produceThroughATap(plaintext, marker)) {
            assertThat(clear.proxy.carried(marker))
                    .as("the record value without TLS")
                    .isTrue();
        }
    }

    /** A broker advertising a capturing proxy in front of it; the admin writes {@code value} and reads it back. */
    private static Tapped produceThroughATap(BrokerSecurity security, String value) throws Exception {
        int port = Ports.freePort();
        CapturingProxy proxy = new CapturingProxy(port);
        EmbeddedKafka kafka = EmbeddedKafka.builder()
                .port(port)
                .advertisedPort(proxy.port())
                .security(security)
                .start();
        Map<String, Object> admin = new HashMap<>(security.clientProperties(security.adminUser()));
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + proxy.port());
        try (Admin client = Admin.create(admin)) {
            client.createTopics(List.of(new NewTopic("tap.probe", 1, (short) 1)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(admin, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("tap.probe", "key", value)).get(30, TimeUnit.SECONDS);
        }
        Map<String, Object> reader = new HashMap<>(admin);
        reader.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        reader.put(ConsumerConfig.GROUP_ID_CONFIG, "tap-" + UUID.randomUUID());
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(reader, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("tap.probe"));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            boolean read = false;
            while (!read && System.nanoTime() < deadline) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                read = records.records("tap.probe").iterator().hasNext()
                        && records.records("tap.probe")
                                .iterator()
                                .next()
                                .value()
                                .equals(value);
            }
            assertThat(read).as("the value went through the tap and came back").isTrue();
        }
        return new Tapped(kafka, proxy);
    }

    private record Tapped(EmbeddedKafka kafka, CapturingProxy proxy) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            kafka.close();
            proxy.close();
        }
    }

    @Test
    void aClientTrustingAnotherAuthorityIsRefusedWithTheReason(@TempDir Path dir) throws Exception {
        Path config = withOtherAuthority(bus.propertiesOf(DemoSecrets.OPERATOR), dir);
        Map<String, Object> client = bus.plain.withClientSettings(config).clientProperties();
        client.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        client.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        try (Admin admin = Admin.create(client)) {
            assertThatThrownBy(() -> admin.describeCluster().nodes().get())
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(SslAuthenticationException.class)
                    .cause()
                    .hasMessageContaining("SSL handshake failed");
        }
        CliRun nodes = CliRun.of(bus.plain, "nodes", "--command-config", config.toString());
        assertThat(nodes.exitCode()).isNotZero();
        assertThat(lastLine(nodes.err()))
                .startsWith("mgmt nodes: TLS handshake with Kafka failed: PKIX path building failed")
                .contains("signed by the authority in ssl.truststore.*");
    }

    @Test
    void theClientCertificateListenerTakesTheBusesCertificatesOnlyUnderTheSameAcls() throws Exception {
        Path dir = bus.secrets.dir();
        Map<String, Object> operator =
                CertificateLogin.as(DemoSecrets.OPERATOR, dir, "127.0.0.1:" + bus.clientCertPort);
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(operator, new StringSerializer(), new StringSerializer())) {
            assertThat(producer.send(new ProducerRecord<>(bus.topics.cancels().name(), "k", "v"))
                            .get(30, TimeUnit.SECONDS)
                            .offset())
                    .as("the operator, by certificate, writes a cancel as by SCRAM")
                    .isNotNegative();
            assertThatThrownBy(() -> producer.send(
                                    new ProducerRecord<>(bus.topics.responses().name(), "k", "v"))
                            .get(30, TimeUnit.SECONDS))
                    .as("but no answer: the same ACLs as its SCRAM user")
                    .hasCauseInstanceOf(org.apache.kafka.common.errors.TopicAuthorizationException.class);
        }
        CertificateAuthority other = CertificateAuthority.create("not the bus's authority");
        CertificateAuthority.Issued stranger = other.issueClient("operator");
        for (Map<String, Object> refused : List.of(
                certificateClient(null, null),
                certificateClient(stranger.certificatePem(), stranger.privateKeyPem()))) {
            refused.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
            refused.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
            try (Admin admin = Admin.create(refused)) {
                assertThatThrownBy(() -> admin.describeCluster().nodes().get())
                        .as("no certificate, or one of another authority")
                        .hasCauseInstanceOf(SslAuthenticationException.class);
            }
        }
    }

    /** A client of the mutual-TLS listener trusting the bus's authority, with {@code certificate} (null: none). */
    private static Map<String, Object> certificateClient(String certificate, String key) throws Exception {
        Map<String, Object> client =
                CertificateLogin.with("127.0.0.1:" + bus.clientCertPort, bus.secrets.dir(), certificate, key);
        client.put("max.block.ms", 10_000);
        return client;
    }

    @Test
    void aTlsClientWithoutASaslLoginGetsAClearError(@TempDir Path dir) throws Exception {
        java.util.Properties settings = BusConfig.readProperties(bus.propertiesOf(DemoSecrets.OPERATOR));
        settings.setProperty("security.protocol", "SSL");
        Path config = dir.resolve("tls-only.properties");
        try (var out = Files.newBufferedWriter(config)) {
            settings.store(out, null);
        }
        CliRun nodes = CliRun.of(bus.plain, "nodes", "--command-config", config.toString());
        assertThat(nodes.exitCode()).isNotZero();
        assertThat(lastLine(nodes.err()))
                .contains("cannot reach Kafka at " + bus.kafka.bootstrapServers())
                .contains("this client speaks SSL, TLS without a SASL login");
    }

    private static String lastLine(String text) {
        List<String> lines = text.strip().lines().toList();
        return lines.get(lines.size() - 1);
    }

    @Test
    void aPlaintextClientAtTheTlsPortGetsAClearError(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("plaintext.properties");
        String operator = Files.readString(bus.propertiesOf(DemoSecrets.OPERATOR));
        Files.writeString(config, operator.replace("security.protocol=SASL_SSL", "security.protocol=SASL_PLAINTEXT"));
        CliRun nodes = CliRun.of(bus.plain, "nodes", "--command-config", config.toString());
        assertThat(nodes.exitCode()).isNotZero();
        assertThat(lastLine(nodes.err()))
                .contains("cannot reach Kafka at " + bus.kafka.bootstrapServers())
                .contains(
                        "this client speaks SASL_PLAINTEXT, without TLS: if the listener is TLS (SASL_SSL), it drops");
    }

    @Test
    void theRegistryOverHttpsRefusesUntrustedCertificatesWithTheReason(@TempDir Path dir) throws Exception {
        CertificateAuthority trusted = CertificateAuthority.create("the authority the client trusts");
        CertificateAuthority bad = CertificateAuthority.create("another authority");
        Instant now = Instant.now();
        Map<String, CertificateAuthority.Issued> servers = Map.of(
                "expired",
                trusted.issue(
                        "registry", DemoSecrets.LOCAL_HOSTS, now.minus(Duration.ofDays(30)), now.minusSeconds(60)),
                "elsewhere",
                trusted.issueServer("registry", List.of("registry.elsewhere.example")),
                "other-authority",
                bad.issueServer("registry", DemoSecrets.LOCAL_HOSTS));
        Map<String, String> expected = Map.of(
                "expired", "validity check failed",
                "elsewhere", "No subject alternative names matching IP address 127.0.0.1",
                "other-authority", "PKIX path building failed");
        for (var server : servers.entrySet()) {
            Path keystore = dir.resolve(server.getKey() + ".p12");
            Files.write(keystore, server.getValue().pkcs12("pw"));
            try (RegistryServer registry = RegistryServer.start(
                    bus.as(DemoSecrets.ADMIN).clientProperties(),
                    "_schemas_" + server.getKey(),
                    Ports.LOOPBACK,
                    0,
                    null,
                    null,
                    new HttpsKeystore(keystore, "pw"))) {
                SchemaRegistryClient client = SchemaRegistryClient.forEndpoint(
                        RegistryEndpoint.of(registry.url()).withTls(RegistryTls.fromConfigs(trusting(trusted))));
                assertThatThrownBy(() -> client.schemaById(1))
                        .as(server.getKey())
                        .isInstanceOf(SchemaRegistryException.class)
                        .hasMessageContaining("TLS with the schema registry at " + registry.url() + " failed")
                        .hasMessageContaining(expected.get(server.getKey()));
            }
        }
    }

    @Test
    void plainHttpToTheHttpsRegistryIsRefused() {
        String http = bus.registry.url().replace("https://", "http://");
        SchemaRegistryClient client = SchemaRegistryClient.forEndpoint(RegistryEndpoint.of(http));
        assertThatThrownBy(() -> client.schemaById(1))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining(http)
                .hasMessageContaining("is the registry HTTPS? the URL says http://");
    }

    @Test
    void nodesOnlyReadSchemasWhileTheOperatorMayRegister() {
        Schema fresh = Schema.createRecord(
                "Probe" + UUID.randomUUID().toString().replace("-", ""), null, "tls.test", false, List.of());
        SchemaRegistryClient node = bus.as(DemoSecrets.nodeUser("worker-01")).schemaRegistry();
        Schema request = io.mgmtbus.events.NodeDispatchRequest.getClassSchema();
        String subject = bus.topics.requests().name() + "-value";
        int id = node.lookup(subject, request);
        assertThat(node.register(subject, request))
                .as("registering what the subject holds writes nothing: a reader may")
                .isEqualTo(id);
        assertThatThrownBy(() -> node.register("probe-value", fresh))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("403")
                .hasMessageContaining("node-worker-01 is denied operation Write on Subject: probe-value");
        assertThat(bus.as(DemoSecrets.OPERATOR).schemaRegistry().register("probe-value", fresh))
                .isPositive();
    }

    /** A registry client's settings trusting {@code authority} alone (Confluent's names). */
    private static Map<String, String> trusting(CertificateAuthority authority) {
        return Map.of(
                "schema.registry.ssl.truststore.type",
                "PEM",
                "schema.registry.ssl.truststore.certificates",
                authority.certificatePem());
    }

    /** {@code properties} with the authority it trusts swapped for one that signed nothing of the bus's. */
    private static Path withOtherAuthority(Path properties, Path dir) throws Exception {
        String other =
                CertificateAuthority.create("somebody else").certificatePem().strip();
        java.util.Properties settings = BusConfig.readProperties(properties);
        settings.setProperty("ssl.truststore.certificates", other);
        Path file = dir.resolve("other-authority.properties");
        try (var out = Files.newBufferedWriter(file)) {
            settings.store(out, null);
        }
        return file;
    }
}
