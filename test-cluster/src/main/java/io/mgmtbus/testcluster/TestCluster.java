package io.mgmtbus.testcluster;

import io.mgmtbus.embedded.EmbeddedKafka;
import io.mgmtbus.embedded.EmbeddedKafkaCluster;
import io.mgmtbus.embedded.Ports;
import io.mgmtbus.registry.RegistryServer;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real broker and registry a test JVM shares: started once on first use and stopped at JVM
 * exit. With {@value #BOOTSTRAP_ENV} set, tests use that cluster instead and start no broker (and
 * with {@value #REGISTRY_ENV}, that registry). These are the variables the bus's own
 * configuration reads; this module cannot use that code, since the bus's modules test against it.
 * With {@value #BROKERS_ENV} set to 3, the embedded Kafka is a real three-broker cluster, so the
 * whole suite can run against replicated topics ({@code MGMT_TEST_BROKERS=3 mvn verify}).
 */
public final class TestCluster {

    public static final String BOOTSTRAP_ENV = "MGMT_BOOTSTRAP_SERVERS";
    public static final String REGISTRY_ENV = "MGMT_SCHEMA_REGISTRY_URL";
    public static final String BROKERS_ENV = "MGMT_TEST_BROKERS";
    private static final Logger log = LoggerFactory.getLogger(TestCluster.class);
    private static TestCluster shared;

    private final String bootstrapServers;
    private final String registryUrl;

    private TestCluster(String bootstrapServers, String registryUrl) {
        this.bootstrapServers = bootstrapServers;
        this.registryUrl = registryUrl;
    }

    /** The JVM's shared cluster, started on first call. */
    public static synchronized TestCluster shared() {
        if (shared == null) {
            shared = start(System.getenv());
        }
        return shared;
    }

    private static TestCluster start(Map<String, String> env) {
        String bootstrap = env.get(BOOTSTRAP_ENV);
        String brokersSetting = env.getOrDefault(BROKERS_ENV, "");
        int brokers = brokersSetting.isBlank() ? 1 : Integer.parseInt(brokersSetting.trim());
        if ((bootstrap == null || bootstrap.isBlank()) && brokers > 1) {
            EmbeddedKafkaCluster cluster =
                    EmbeddedKafkaCluster.builder().brokers(brokers).start();
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "test-kafka-stop"));
            bootstrap = cluster.bootstrapServers();
        } else if (bootstrap == null || bootstrap.isBlank()) {
            EmbeddedKafka kafka = EmbeddedKafka.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "test-kafka-stop"));
            bootstrap = kafka.bootstrapServers();
        } else {
            log.info("tests use the external Kafka cluster at {}", bootstrap);
        }
        String registry = env.get(REGISTRY_ENV);
        if (registry == null || registry.isBlank()) {
            RegistryServer server = RegistryServer.start(bootstrap, Ports.LOOPBACK, 0);
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "test-registry-stop"));
            registry = server.url();
        }
        return new TestCluster(bootstrap, registry);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String registryUrl() {
        return registryUrl;
    }

    /** A prefix no other test uses, so each test has topics (and subjects) of its own. */
    public String newPrefix() {
        return "t" + UUID.randomUUID().toString().substring(0, 8) + ".";
    }

    /** Base properties of a Kafka client of this cluster. */
    public Map<String, Object> clientProperties() {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", bootstrapServers);
        return props;
    }

    public Admin admin() {
        return Admin.create(clientProperties());
    }
}
