package io.mgmtbus.demo;

import io.mgmtbus.agent.http.AgentServer;
import io.mgmtbus.agent.http.BearerToken;
import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.topics.BusProvisioning;
import io.mgmtbus.contracts.topics.BusTopics;
import io.mgmtbus.contracts.topics.TopicProvisioner;
import io.mgmtbus.embedded.EmbeddedKafka;
import io.mgmtbus.embedded.EmbeddedKafkaCluster;
import io.mgmtbus.embedded.Ports;
import io.mgmtbus.launcher.ExitCodes;
import io.mgmtbus.launcher.RunningParts;
import io.mgmtbus.launcher.TempDirectory;
import io.mgmtbus.launcher.security.DemoSecrets;
import io.mgmtbus.node.ManagedNode;
import io.mgmtbus.registry.RegistryServer;
import io.mgmtbus.streams.DispatchSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mgmt demo}: the whole bus on this machine, on a real embedded broker, until Ctrl-C. */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Start the whole bus on 127.0.0.1 on a real embedded Kafka broker.",
            "Starts a Kafka broker (KRaft), the schema registry, the streams-app, the agent-service HTTP API and three",
            "nodes (worker-01, worker-02, manager); prints where each part listens and example commands.",
            "The history lives in a temporary directory unless --data-dir is given. Ctrl-C stops everything cleanly."
        })
final class DemoCommand implements Callable<Integer> {

    @Option(
            names = "--kafka-port",
            defaultValue = "" + BusConfig.DEFAULT_KAFKA_PORT,
            description = "Kafka port. Default: ${DEFAULT-VALUE}.")
    int kafkaPort;

    @Option(
            names = "--registry-port",
            defaultValue = "" + BusConfig.DEFAULT_REGISTRY_PORT,
            description = "Schema registry port. Default: ${DEFAULT-VALUE}.")
    int registryPort;

    @Option(
            names = "--http-port",
            defaultValue = "" + BusConfig.DEFAULT_HTTP_PORT,
            description = "Agent HTTP port. Default: ${DEFAULT-VALUE}.")
    int httpPort;

    @Option(
            names = "--client-cert-port",
            paramLabel = "PORT",
            description = "With --secure and one broker: a second Kafka listener where a client logs in with its"
                    + " certificate (<user>.crt and .key in --secrets-dir) instead of SCRAM, for librdkafka before 2.6.1."
                    + " Default: the Kafka port + 2; 0 turns it off.")
    Integer clientCertPort;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "Keep Kafka's data here across demo runs (default: a temporary directory). With --secure:"
                    + " a new one each run (its storage is formatted with that run's credentials).")
    Path dataDir;

    @Option(
            names = "--brokers",
            paramLabel = "N",
            defaultValue = "1",
            description = "Kafka brokers: 1 (default), or a cluster of N on ports --kafka-port, --kafka-port + 1, ..."
                    + " whose topics keep 3 copies (min.insync.replicas 2) when N >= 3.")
    int brokers;

    @Option(
            names = "--secure",
            description =
                    "TLS on every hop (Kafka SASL_SSL, the registry and the agent on HTTPS, certificates of a private"
                            + " authority made for this run), SASL/SCRAM and the bus's ACLs with each part as its own"
                            + " user, the registry behind HTTP basic and the agent behind a bearer token; writes one"
                            + " properties file per role, the authority (ca.crt) and the token into --secrets-dir.")
    boolean secure;

    @Option(
            names = "--secrets-dir",
            paramLabel = "DIR",
            description = "Where --secure writes the credentials (mode 0700). Default: ~/.mgmt-bus/demo-secrets.")
    Path secretsDir;

    static final List<String> DEMO_NODES = DemoSecrets.DEMO_NODES;

    private final RunningParts running = new RunningParts();

    @Override
    public Integer call() throws Exception {
        Thread stopper = new Thread(this::stopAll, "demo-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        Ports.requireFree(registryPort, "Schema registry");
        Ports.requireFree(httpPort, "Agent HTTP");
        System.out.println(
                brokers == 1
                        ? "Starting Kafka on 127.0.0.1:" + kafkaPort + " ..."
                        : "Starting a Kafka cluster of " + brokers + " brokers on 127.0.0.1:" + kafkaPort + "-"
                                + (kafkaPort + brokers - 1) + " ...");
        if (secure
                && dataDir != null
                && (Files.exists(dataDir.resolve("cluster.id"))
                        || Files.exists(dataDir.resolve("broker-1").resolve("cluster.id")))) {
            // The SCRAM credentials go into the storage when it is formatted; fresh ones would not match.
            throw new IllegalArgumentException(
                    "--secure needs a new --data-dir: " + dataDir + " holds a broker formatted with other credentials");
        }
        Path dir =
                secretsDir != null ? secretsDir : Path.of(System.getProperty("user.home"), ".mgmt-bus", "demo-secrets");
        String registryUrl = (secure ? "https" : "http") + "://" + Ports.LOOPBACK + ":" + registryPort;
        DemoSecrets secrets = secure
                ? DemoSecrets.create(dir, DEMO_NODES, List.of(), Ports.LOOPBACK + ":" + kafkaPort, registryUrl)
                : null;
        String bootstrap;
        String brokerLogs;
        if (brokers == 1) {
            EmbeddedKafka kafka = started(EmbeddedKafka.builder()
                    .port(kafkaPort)
                    .clientCertPort(secure ? clientCertPort() : 0)
                    .dataDir(dataDir)
                    .security(secure ? secrets.broker() : null)
                    .stopOnJvmExit(false)
                    .start());
            bootstrap = kafka.bootstrapServers();
            brokerLogs = "broker log: " + kafka.logFile();
        } else {
            EmbeddedKafkaCluster cluster = started(EmbeddedKafkaCluster.builder()
                    .brokers(brokers)
                    .firstPort(kafkaPort)
                    .dataDir(dataDir)
                    .security(secure ? secrets.broker() : null)
                    .stopOnJvmExit(false)
                    .start());
            bootstrap = cluster.bootstrapServers();
            brokerLogs = "broker logs: " + cluster.dataDir() + "/broker-*/broker.log";
        }
        BusConfig plain = new BusConfig(bootstrap, registryUrl, "");
        BusConfig admin = secure ? secrets.as(DemoSecrets.ADMIN, plain) : plain;
        if (secure) { // before the registry starts: it runs as its own user, with ACLs on its schema log only
            secrets.grant(admin, new BusTopics(admin), DEMO_NODES);
        }
        RegistryServer registry = started(RegistryServer.start(
                (secure ? secrets.as(DemoSecrets.REGISTRY, plain) : plain).clientProperties(),
                RegistryServer.DEFAULT_TOPIC,
                Ports.LOOPBACK,
                registryPort,
                secure ? secrets.registryUsers() : null,
                null,
                secure ? secrets.registryKeystore() : null));
        BusTopics topics = BusProvisioning.ensure(admin);
        if (secure) {
            System.out.println("Secured: TLS, SASL/SCRAM-SHA-512 and ACLs on Kafka; HTTPS and HTTP basic on the"
                    + " registry; HTTPS and a bearer token on the agent; credentials per role and the authority ("
                    + DemoSecrets.CA_FILE + ") in " + dir);
        }
        System.out.println(
                "Starting the streams-app, the agent-service and nodes " + String.join(", ", DEMO_NODES) + " ...");
        TempDirectory streamsState = started(new TempDirectory("mgmt-demo-streams"));
        StreamsSupervisor streams = started(new StreamsSupervisor(
                secure ? secrets.as(DemoSecrets.STREAMS, plain) : plain,
                DispatchSettings.defaults(),
                streamsState.path()));
        AgentServer agent = started(AgentServer.start(
                secure ? secrets.as(DemoSecrets.AGENT, plain) : plain,
                Ports.LOOPBACK,
                httpPort,
                secure ? BearerToken.of(secrets.agentToken()) : null,
                secure ? secrets.agentKeystore() : null));
        for (String node : DEMO_NODES) {
            BusConfig asNode = secure ? secrets.as(DemoSecrets.nodeUser(node), plain) : plain;
            started(ManagedNode.builder(asNode, node)
                    .instance("demo")
                    .label("role", DemoSecrets.demoRole(node))
                    .start());
        }
        System.out.println();
        System.out.println("mgmt-bus demo is up:");
        System.out.println("  Kafka bootstrap   " + bootstrap + "   (" + brokerLogs + ")");
        System.out.println("  Schema registry   " + registry.url());
        System.out.println("  Agent HTTP API    " + agent.url() + "   (" + agent.url() + "/openapi.json)");
        System.out.println("  Nodes             " + String.join(", ", DEMO_NODES));
        System.out.println("  Topics            " + TopicProvisioner.names(topics.specs()));
        System.out.println();
        System.out.println("Try, in another terminal:");
        String flags = (kafkaPort == BusConfig.DEFAULT_KAFKA_PORT && registryPort == BusConfig.DEFAULT_REGISTRY_PORT
                        ? ""
                        : " --bootstrap-servers " + bootstrap + " --schema-registry-url " + registry.url())
                + (secure ? " --command-config " + dir.resolve(DemoSecrets.OPERATOR + ".properties") : "");
        String bearer = secure
                ? "--cacert " + dir.resolve(DemoSecrets.CA_FILE) + " -H \"Authorization: Bearer $(cat "
                        + dir.resolve(DemoSecrets.TOKEN_FILE) + ")\" "
                : "";
        System.out.println("  bin/mgmt dispatch get_id_value Cluster::node" + flags);
        System.out.println("  bin/mgmt dispatch get_id_value Cluster::node --nodes worker-01,nope" + flags);
        System.out.println("  bin/mgmt dispatch ping --select role=worker --batch 1 --watch" + flags);
        System.out.println("  bin/mgmt nodes -o table" + flags);
        System.out.println("  open " + agent.url() + "/ in a browser: the operator console"
                + (secure
                        ? " (the browser does not know the private authority: import "
                                + dir.resolve(DemoSecrets.CA_FILE) + " or accept its warning)"
                        : ""));
        if (secure && brokers == 1 && clientCertPort() != 0) {
            System.out.println("  librdkafka before 2.6.1 (Debian's python3-confluent-kafka), by client certificate:"
                    + " bootstrap.servers=127.0.0.1:" + clientCertPort() + " security.protocol=SSL ssl.ca.location="
                    + dir.resolve(DemoSecrets.CA_FILE) + " ssl.certificate.location="
                    + dir.resolve(DemoSecrets.OPERATOR + DemoSecrets.CLIENT_CERT_SUFFIX) + " ssl.key.location="
                    + dir.resolve(DemoSecrets.OPERATOR + DemoSecrets.CLIENT_KEY_SUFFIX));
        }
        System.out.println("  curl -s -X POST '" + agent.url() + "/dispatch?wait=true' " + bearer
                + "-H 'Content-Type: application/json' " + "-d '{\"action\": [\"ping\"]}'");
        System.out.println();
        System.out.println("Press Ctrl-C to stop everything.");
        System.err.println("mgmt demo: " + streams.gaveUp().get() + "; stopping the demo");
        return ExitCodes.FAILURE;
    }

    private int clientCertPort() {
        return clientCertPort != null ? clientCertPort : kafkaPort + 2;
    }

    private <T extends AutoCloseable> T started(T part) {
        return running.add(part);
    }

    private void stopAll() {
        System.out.println("Stopping ...");
        running.close();
        System.out.println("Stopped.");
    }
}
