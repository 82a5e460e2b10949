package io.mgmtbus.registry;

import io.mgmtbus.embedded.EmbeddedKafka;
import java.util.UUID;

/**
 * The real broker this module's tests share: an external cluster when MGMT_BOOTSTRAP_SERVERS
 * names one, else one embedded broker started once per test JVM. Each test takes its own schema
 * log topic, so registries of different tests never see each other.
 */
final class TestBroker {

    private static String bootstrapServers;

    private TestBroker() {}

    static synchronized String bootstrapServers() {
        if (bootstrapServers == null) {
            String external = System.getenv("MGMT_BOOTSTRAP_SERVERS");
            if (external != null && !external.isBlank()) {
                bootstrapServers = external;
            } else {
                EmbeddedKafka kafka = EmbeddedKafka.builder().start();
                Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "test-broker-stop"));
                bootstrapServers = kafka.bootstrapServers();
            }
        }
        return bootstrapServers;
    }

    /** A schema log of its own for one test (or one group of instances). */
    static String newTopic() {
        return "_schemas_" + UUID.randomUUID();
    }

    static RegistryServer startRegistry(String topic) {
        return RegistryServer.start(bootstrapServers(), topic, "127.0.0.1", 0);
    }
}
