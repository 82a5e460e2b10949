package io.mgmtbus.launcher.registry;

import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.launcher.BusOptions;
import io.mgmtbus.launcher.Foreground;
import io.mgmtbus.launcher.HttpsOptions;
import io.mgmtbus.registry.HttpsKeystore;
import io.mgmtbus.registry.RegistryServer;
import io.mgmtbus.registry.RegistryUsers;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mgmt registry}: serves the schema registry API until Ctrl-C. */
@Command(
        name = "registry",
        mixinStandardHelpOptions = true,
        description = {
            "Run the schema registry (the Confluent Schema Registry REST API for Avro) against an existing Kafka"
                    + " cluster.",
            "Any number of instances may share one schema log: one of them, elected through Kafka, writes;"
                    + " the others answer reads and forward writes to it. If it stops, another takes over"
                    + " (about 10 s after a crash)."
        })
public final class RegistryCommand implements Callable<Integer> {

    @Mixin
    BusOptions bus;

    @Option(
            names = "--host",
            paramLabel = "HOST",
            defaultValue = BusConfig.DEFAULT_HOST,
            description = "Address to listen on. Default: ${DEFAULT-VALUE}.")
    String host;

    @Option(
            names = "--port",
            paramLabel = "PORT",
            defaultValue = "" + BusConfig.DEFAULT_REGISTRY_PORT,
            description = "Port to listen on. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(
            names = "--topic",
            paramLabel = "TOPIC",
            defaultValue = RegistryServer.DEFAULT_TOPIC,
            description = "Compacted topic holding the registry's state. Default: ${DEFAULT-VALUE}.")
    String topic;

    @Option(
            names = "--users-file",
            paramLabel = "FILE",
            defaultValue = "${env:" + RegistryUsers.ENV + "}",
            description = "Require HTTP basic credentials of the users in FILE: lines 'user: password[,role...]',"
                    + " as Confluent's registry reads (plain, OBF:, MD5: or CRYPT: passwords). Unauthenticated"
                    + " calls get 401; users with the role " + RegistryUsers.READER_ROLE + " only read (403 on"
                    + " writes). Env " + RegistryUsers.ENV + ". Default: open to anyone who reaches it.")
    Path usersFile;

    @Option(
            names = "--advertised-url",
            paramLabel = "URL",
            defaultValue = "${env:" + RegistryServer.ADVERTISED_URL_ENV + "}",
            description = "Where the other instances reach this one when it is the writer (they forward"
                    + " writes to it). Env " + RegistryServer.ADVERTISED_URL_ENV + ". Default: HOST and PORT as"
                    + " given (the machine's name when HOST is 0.0.0.0). With --tls-keystore, an https URL whose host"
                    + " the certificate names.")
    String advertisedUrl;

    @Mixin
    HttpsOptions https;

    @Override
    public Integer call() throws InterruptedException {
        Path users = usersFile == null || usersFile.toString().isBlank() ? null : usersFile;
        HttpsKeystore keystore = https.keystore();
        RegistryServer server = RegistryServer.start(
                bus.toConfig().clientProperties(),
                topic,
                host,
                port,
                users == null ? null : RegistryUsers.fromFile(users),
                advertisedUrl == null || advertisedUrl.isBlank() ? null : advertisedUrl,
                keystore);
        return Foreground.runUntilStopped(
                server,
                "Schema registry listening on " + server.url() + " (" + HttpsOptions.describe(keystore)
                        + (users == null ? ")." : ", users from " + users + ")."),
                server.failure());
    }
}
