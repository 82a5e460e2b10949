package io.mgmtbus.testkit;

import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.topics.BusProvisioning;
import io.mgmtbus.embedded.EmbeddedKafka;
import io.mgmtbus.registry.RegistryServer;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real broker and registry a test JVM shares: started once on first use and stopped at JVM
 * exit. With {@code MGMT_BOOTSTRAP_SERVERS} set, tests use that cluster instead and start no
 * broker (and with {@code MGMT_SCHEMA_REGISTRY_URL}, that registry). Each test takes a fresh
 * bus (a unique topic prefix) so tests never see each other's records.
 */
public final class TestBus {

    private static final Logger log = LoggerFactory.getLogger(TestBus.class);
    private static TestBus shared;

    private final String bootstrapServers;
    private final String registryUrl;

    private TestBus(String bootstrapServers, String registryUrl) {
        this.bootstrapServers = bootstrapServers;
        this.registryUrl = registryUrl;
    }

    /** The JVM's shared cluster, started on first call. */
    public static synchronized TestBus shared() {
        if (shared == null) {
            shared = start(System.getenv());
        }
        return shared;
    }

    private static TestBus start(Map<String, String> env) {
        String bootstrap = env.get(BusConfig.envName(BusConfig.BOOTSTRAP_SERVERS));
        if (bootstrap == null || bootstrap.isBlank()) {
            EmbeddedKafka kafka = EmbeddedKafka.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "test-kafka-stop"));
            bootstrap = kafka.bootstrapServers();
        } else {
            log.info("tests use the external Kafka cluster at {}", bootstrap);
        }
        String registry = env.get(BusConfig.envName(BusConfig.SCHEMA_REGISTRY_URL));
        if (registry == null || registry.isBlank()) {
            RegistryServer server = RegistryServer.start(bootstrap, BusConfig.DEFAULT_HOST, 0);
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "test-registry-stop"));
            registry = server.url();
        }
        return new TestBus(bootstrap, registry);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String registryUrl() {
        return registryUrl;
    }

    /** A bus of its own (unique topic prefix) with every topic provisioned. */
    public BusConfig newBus() {
        BusConfig config = new BusConfig(bootstrapServers, registryUrl, "t" + UUID.randomUUID().toString().substring(0, 8) + ".");
        BusProvisioning.ensure(config);
        return config;
    }

    public Admin admin() {
        return Admin.create(Map.of("bootstrap.servers", bootstrapServers));
    }
}
