package io.mgmtbus.testcluster;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Kafka and Confluent's schema registry as Testcontainers, for machines with a Docker engine
 * ({@link ClusterSource#CONTAINERS}): the broker is the official {@code apache/kafka} image of the
 * same version as the Kafka client on the class path, the registry is the image docker-compose.yml
 * runs, so the bus's serdes are tested against the real registry where Docker allows.
 */
public final class ContainerCluster implements AutoCloseable {

    /** Confluent's registry, the same image as docker-compose.yml's (DockerAssetsTest checks). */
    public static final String REGISTRY_IMAGE = "confluentinc/cp-schema-registry:7.7.1";

    private static final Logger log = LoggerFactory.getLogger(ContainerCluster.class);
    private static final String KAFKA_ALIAS = "kafka";
    private static final int REGISTRY_PORT = 8081;

    private final Network network = Network.newNetwork();
    private final KafkaContainer kafka;
    private final GenericContainer<?> registry;

    private ContainerCluster() {
        kafka = new KafkaContainer(DockerImageName.parse(kafkaImage()))
                .withNetwork(network)
                .withListener(KAFKA_ALIAS + ":19092");
        registry = new GenericContainer<>(DockerImageName.parse(REGISTRY_IMAGE))
                .withNetwork(network)
                .withExposedPorts(REGISTRY_PORT)
                .withEnv("SCHEMA_REGISTRY_HOST_NAME", "schema-registry")
                .withEnv("SCHEMA_REGISTRY_LISTENERS", "http://0.0.0.0:" + REGISTRY_PORT)
                .withEnv("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS", "PLAINTEXT://" + KAFKA_ALIAS + ":19092")
                .dependsOn(kafka)
                .waitingFor(Wait.forHttp("/subjects").forStatusCode(200));
    }

    /** The official Kafka image of the client's own version. */
    public static String kafkaImage() {
        // What the client reports as its own version (AppInfoParser's source, which is internal).
        try (InputStream in = ContainerCluster.class.getResourceAsStream("/kafka/kafka-version.properties")) {
            Properties version = new Properties();
            version.load(in);
            return "apache/kafka:" + version.getProperty("version");
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("kafka-clients carries no kafka/kafka-version.properties", e);
        }
    }

    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    static ContainerCluster start() {
        ContainerCluster cluster = new ContainerCluster();
        cluster.kafka.start();
        cluster.registry.start();
        log.info(
                "tests use containers: {} at {}, {} at {}",
                kafkaImage(),
                cluster.bootstrapServers(),
                REGISTRY_IMAGE,
                cluster.registryUrl());
        return cluster;
    }

    String bootstrapServers() {
        return kafka.getBootstrapServers();
    }

    String registryUrl() {
        return "http://" + registry.getHost() + ":" + registry.getMappedPort(REGISTRY_PORT);
    }

    @Override
    public void close() {
        registry.stop();
        kafka.stop();
        network.close();
    }
}
