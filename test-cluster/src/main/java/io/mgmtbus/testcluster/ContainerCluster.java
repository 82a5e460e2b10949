package io.mgmtbus.testcluster;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports.Binding;
import io.mgmtbus.embedded.Ports;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * The broker and the schema registry as Testcontainers, for machines with a container engine
 * ({@link ClusterSource#CONTAINERS}): both from the bus's own image ({@code mgmt broker}, {@code
 * mgmt registry}), the one docker-compose.yml runs, so the path needs no image from a registry
 * (build it first: {@code docker build -t mgmt-bus:dev .}, or {@code bin/containers image}).
 */
public final class ContainerCluster implements AutoCloseable {

    /** The bus's image, as docker-compose.yml names it. */
    public static final String BUS_IMAGE = "mgmt-bus:dev";

    private static final Logger log = LoggerFactory.getLogger(ContainerCluster.class);
    private static final String KAFKA_ALIAS = "kafka";
    private static final int INTERNAL_PORT = 19092;
    private static final int REGISTRY_PORT = 8081;

    private final Network network = Network.newNetwork();
    private final int kafkaPort = Ports.freePort();
    private final int registryPort = Ports.freePort();
    private final GenericContainer<?> kafka;
    private final GenericContainer<?> registry;

    private ContainerCluster() {
        DockerImageName image = DockerImageName.parse(BUS_IMAGE);
        // The broker advertises 127.0.0.1:<port> to the host, so the host port must be that port.
        kafka = new GenericContainer<>(image)
                .withNetwork(network)
                .withNetworkAliases(KAFKA_ALIAS)
                .withCommand(
                        "broker",
                        "--port",
                        Integer.toString(kafkaPort),
                        "--container-listener",
                        KAFKA_ALIAS + ":" + INTERNAL_PORT)
                .withExposedPorts(kafkaPort)
                .withCreateContainerCmdModifier(
                        cmd -> cmd.getHostConfig().withPortBindings(loopback(kafkaPort, kafkaPort)))
                .waitingFor(Wait.forLogMessage(".*Kafka broker listening on.*", 1)
                        .withStartupTimeout(Duration.ofMinutes(2)));
        registry = new GenericContainer<>(image)
                .withNetwork(network)
                .withCommand("registry", "--host", "0.0.0.0", "--port", Integer.toString(REGISTRY_PORT))
                .withEnv("MGMT_BOOTSTRAP_SERVERS", KAFKA_ALIAS + ":" + INTERNAL_PORT)
                .withExposedPorts(REGISTRY_PORT)
                .withCreateContainerCmdModifier(
                        cmd -> cmd.getHostConfig().withPortBindings(loopback(registryPort, REGISTRY_PORT)))
                .dependsOn(kafka)
                .waitingFor(Wait.forLogMessage(".*schema registry listening on.*", 1)
                        .withStartupTimeout(Duration.ofMinutes(2)));
    }

    /** Publishes {@code containerPort} on 127.0.0.1:{@code hostPort} only, as docker-compose.yml does. */
    private static PortBinding loopback(int hostPort, int containerPort) {
        return new PortBinding(Binding.bindIpAndPort(Ports.LOOPBACK, hostPort), new ExposedPort(containerPort));
    }

    /** Whether a container engine answers where Testcontainers looks (DOCKER_HOST, or the default socket). */
    public static boolean dockerAvailable() {
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
                "tests use containers of {}: the broker at {}, the registry at {}",
                BUS_IMAGE,
                cluster.bootstrapServers(),
                cluster.registryUrl());
        return cluster;
    }

    String bootstrapServers() {
        return Ports.LOOPBACK + ":" + kafkaPort;
    }

    String registryUrl() {
        return "http://" + Ports.LOOPBACK + ":" + registryPort;
    }

    @Override
    public void close() {
        registry.stop();
        kafka.stop();
        network.close();
    }
}
