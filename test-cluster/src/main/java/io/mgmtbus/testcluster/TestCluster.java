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
 * whole suite can run against replicated topics ({@code MGMT_TEST_BROKERS=3 mvn verify}). With
 * {@code MGMT_TEST_DOCKER=true} on a machine with a Docker engine, Kafka and Confluent's registry
 * run as containers. {@link ClusterSource} decides.
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
        ClusterSource source = ClusterSource.choose(env, ContainerCluster::dockerAvailable);
        if ((source == ClusterSource.EMBEDDED || source == ClusterSource.EMBEDDED_CLUSTER)
                && "true"
                        .equalsIgnoreCase(
                                env.getOrDefault(ClusterSource.DOCKER_ENV, "").trim())) {
            log.warn("{}=true but no Docker engine answers: tests use the embedded broker", ClusterSource.DOCKER_ENV);
        }
        String bootstrap = env.get(BOOTSTRAP_ENV);
        String registry = env.get(REGISTRY_ENV);
        switch (source) {
            case CONTAINERS -> {
                ContainerCluster containers = ContainerCluster.start();
                stopAtExit(containers, "test-containers-stop");
                return new TestCluster(containers.bootstrapServers(), containers.registryUrl());
            }
            case EMBEDDED_CLUSTER -> {
                EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.builder()
                        .brokers(ClusterSource.brokers(env))
                        .start();
                bootstrap = stopAtExit(cluster, "test-kafka-stop").bootstrapServers();
            }
            case EMBEDDED ->
                bootstrap = stopAtExit(EmbeddedKafka.builder().start(), "test-kafka-stop")
                        .bootstrapServers();
            case EXTERNAL -> log.info("tests use the external Kafka cluster at {}", bootstrap);
        }
        if (registry == null || registry.isBlank()) {
            registry = stopAtExit(RegistryServer.start(bootstrap, Ports.LOOPBACK, 0), "test-registry-stop")
                    .url();
        }
        return new TestCluster(bootstrap, registry);
    }

    private static <T extends AutoCloseable> T stopAtExit(T part, String name) {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                part.close();
                            } catch (Exception e) {
                                log.debug("{} failed", name, e);
                            }
                        },
                        name));
        return part;
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
