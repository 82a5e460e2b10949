package io.mgmtbus.system.security;

import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.topics.BusProvisioning;
import io.mgmtbus.contracts.topics.BusTopics;
import io.mgmtbus.embedded.EmbeddedKafka;
import io.mgmtbus.embedded.Ports;
import io.mgmtbus.launcher.security.DemoSecrets;
import io.mgmtbus.node.ManagedNode;
import io.mgmtbus.registry.RegistryServer;
import io.mgmtbus.streams.DispatchSettings;
import io.mgmtbus.streams.StreamsApp;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The bus as {@code demo --secure} runs it, in this JVM: TLS, SCRAM and the bus's ACLs on a real
 * broker, the registry on HTTPS as its own user behind HTTP basic, the streams-app and nodes each
 * as their own user, and the secrets (certificates included) written where a client reads them.
 */
final class SecuredBus implements AutoCloseable {

    final DemoSecrets secrets;
    final EmbeddedKafka kafka;
    final RegistryServer registry;
    /** Where the bus is; no credentials: {@link #as} adds a user's. */
    final BusConfig plain;

    final BusTopics topics;
    /** Where a client logs in with its certificate instead of SCRAM. */
    final int clientCertPort;

    private final List<AutoCloseable> parts = new ArrayList<>();

    private SecuredBus(
            DemoSecrets secrets, EmbeddedKafka kafka, RegistryServer registry, BusConfig plain, int clientCertPort) {
        this.clientCertPort = clientCertPort;
        this.secrets = secrets;
        this.kafka = kafka;
        this.registry = registry;
        this.plain = plain;
        this.topics = new BusTopics(plain);
    }

    /** Broker and registry, topics, schemas and ACLs for {@code nodes}; no streams-app nor node yet. */
    static SecuredBus start(Path dir, List<String> nodes) {
        int registryPort = Ports.freePort();
        String registryUrl = "https://" + Ports.LOOPBACK + ":" + registryPort;
        int kafkaPort = Ports.freePort();
        DemoSecrets secrets = DemoSecrets.create(dir, nodes, List.of(), Ports.LOOPBACK + ":" + kafkaPort, registryUrl);
        int clientCertPort = Ports.freePort();
        EmbeddedKafka kafka = EmbeddedKafka.builder()
                .port(kafkaPort)
                .clientCertPort(clientCertPort)
                .security(secrets.broker())
                .start();
        BusConfig plain = new BusConfig(kafka.bootstrapServers(), registryUrl, "");
        BusConfig admin = secrets.as(DemoSecrets.ADMIN, plain);
        secrets.grant(admin, new BusTopics(admin), nodes);
        RegistryServer registry = RegistryServer.start(
                secrets.as(DemoSecrets.REGISTRY, plain).clientProperties(),
                RegistryServer.DEFAULT_TOPIC,
                Ports.LOOPBACK,
                registryPort,
                secrets.registryUsers(),
                null,
                secrets.registryKeystore());
        BusProvisioning.ensure(admin);
        return new SecuredBus(secrets, kafka, registry, plain, clientCertPort);
    }

    /** The bus as {@code user} sees it. */
    BusConfig as(String user) {
        return secrets.as(user, plain);
    }

    /** The properties file of {@code user}, as a client outside this JVM reads it. */
    Path propertiesOf(String user) {
        return secrets.dir().resolve(user + ".properties");
    }

    /** The streams-app and {@code nodes}, each as its own user. */
    SecuredBus withParts(Path streamsState, List<String> nodes) {
        parts.add(StreamsApp.start(as(DemoSecrets.STREAMS), DispatchSettings.defaults(), streamsState));
        for (String node : nodes) {
            parts.add(ManagedNode.builder(as(DemoSecrets.nodeUser(node)), node).start());
        }
        return this;
    }

    @Override
    public void close() throws Exception {
        for (int i = parts.size() - 1; i >= 0; i--) {
            parts.get(i).close();
        }
        registry.close();
        kafka.close();
    }
}
