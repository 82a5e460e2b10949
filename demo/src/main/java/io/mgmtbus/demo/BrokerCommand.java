package io.mgmtbus.demo;

import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.topics.BusProvisioning;
import io.mgmtbus.contracts.topics.BusTopics;
import io.mgmtbus.embedded.EmbeddedKafka;
import io.mgmtbus.launcher.ExitCodes;
import io.mgmtbus.launcher.security.DemoSecrets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mgmt broker}: runs a real single-node KRaft broker in the foreground until Ctrl-C or
 * SIGTERM; in a container (docker-compose.yml) with {@code --container-listener}, secured with
 * {@code --secrets}.
 */
@Command(
        name = "broker",
        mixinStandardHelpOptions = true,
        description = {
            "Run a single-node Kafka broker (KRaft, broker+controller) on 127.0.0.1 until Ctrl-C.",
            "Without --data-dir the data lives in a temporary directory that is deleted on exit."
        })
public final class BrokerCommand implements Callable<Integer> {

    @Option(
            names = "--port",
            defaultValue = "9092",
            description = "Listener port on 127.0.0.1 (0 = any free port). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Keep the broker's data here across restarts.")
    Path dataDir;

    @Option(
            names = "--container-listener",
            paramLabel = "HOST:PORT",
            description = "In a container: listen on every interface, on PORT advertised as HOST:PORT for the other"
                    + " containers (e.g. kafka:19092), and on --port advertised as 127.0.0.1 for the host's published"
                    + " port.")
    String containerListener;

    @Option(
            names = "--secrets",
            paramLabel = "DIR",
            description = "Run secured with the credentials `mgmt secrets --dir DIR` wrote: TLS and SASL/SCRAM-SHA-512"
                    + " for every user in DIR, the bus's topics created and each role's ACLs granted as its admin. Use a"
                    + " new --data-dir with new credentials.")
    Path secretsDir;

    @Option(
            names = "--client-cert-port",
            paramLabel = "PORT",
            defaultValue = "0",
            description = "With --secrets: a second listener where a client logs in with its certificate"
                    + " (<user>.crt and .key in DIR) instead of SCRAM, for librdkafka before 2.6.1. Default: none.")
    int clientCertPort;

    @Option(
            names = "--topic-prefix",
            paramLabel = "PREFIX",
            defaultValue = "${env:MGMT_TOPIC_PREFIX}",
            description = "With --secrets: the prefix of the bus's topics the ACLs name (env MGMT_TOPIC_PREFIX, default"
                    + " none).")
    String topicPrefix;

    @Option(
            names = "--ready-file",
            paramLabel = "FILE",
            description = "Written once the broker serves (and, with --secrets, its topics and ACLs are in place);"
                    + " deleted at start. For a container's health check.")
    Path readyFile;

    @Override
    public Integer call() throws InterruptedException, IOException {
        if (readyFile != null) {
            Files.deleteIfExists(readyFile);
        }
        DemoSecrets secrets = secretsDir == null ? null : DemoSecrets.readFrom(secretsDir);
        EmbeddedKafka.Builder builder =
                EmbeddedKafka.builder().port(port).dataDir(dataDir).security(secrets == null ? null : secrets.broker());
        if (clientCertPort != 0) {
            if (secrets == null || !secrets.tls()) {
                throw new IllegalArgumentException("--client-cert-port needs --secrets with TLS certificates");
            }
            builder.clientCertPort(clientCertPort);
        }
        if (containerListener != null) {
            int colon = containerListener.lastIndexOf(':');
            if (colon <= 0 || colon == containerListener.length() - 1) {
                throw new IllegalArgumentException(
                        "--container-listener must be HOST:PORT, e.g. kafka:19092; got " + containerListener);
            }
            builder.containerListener(
                    containerListener.substring(0, colon), Integer.parseInt(containerListener.substring(colon + 1)));
        }
        EmbeddedKafka kafka = builder.start();
        if (secrets != null) {
            BusConfig admin = secrets.as(
                    DemoSecrets.ADMIN,
                    new BusConfig(
                            kafka.bootstrapServers(),
                            BusConfig.DEFAULT_SCHEMA_REGISTRY_URL,
                            topicPrefix == null ? "" : topicPrefix));
            BusTopics topics = BusProvisioning.ensureTopics(admin, null);
            secrets.grant(admin, topics, secrets.nodes());
            System.out.println("Secured: " + (secrets.tls() ? "TLS and " : "no TLS (secrets made before TLS came), ")
                    + "SASL/SCRAM-SHA-512 for " + secrets.users() + "; the bus's topics and ACLs are in place.");
        }
        System.out.println("Kafka broker listening on " + kafka.bootstrapServers()
                + (containerListener == null ? "" : " and " + containerListener) + " (log: " + kafka.logFile()
                + "). Ctrl-C stops it.");
        if (readyFile != null) {
            Files.writeString(readyFile, kafka.bootstrapServers() + "\n");
        }
        new CountDownLatch(1).await(); // the JVM's shutdown hook stops the broker
        return ExitCodes.OK;
    }
}
