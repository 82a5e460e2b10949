package io.mgmtbus.launcher.registry;

import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.launcher.BusOptions;
import io.mgmtbus.launcher.Foreground;
import io.mgmtbus.registry.RegistryServer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mgmt registry}: serves the schema registry API until Ctrl-C. */
@Command(
        name = "registry",
        mixinStandardHelpOptions = true,
        description =
                "Run the schema registry (Confluent Schema Registry REST API subset) against an existing Kafka cluster.")
public final class RegistryCommand implements Callable<Integer> {

    @Mixin
    BusOptions bus;

    @Option(
            names = "--host",
            defaultValue = BusConfig.DEFAULT_HOST,
            description = "Address to listen on. Default: ${DEFAULT-VALUE}.")
    String host;

    @Option(
            names = "--port",
            defaultValue = "" + BusConfig.DEFAULT_REGISTRY_PORT,
            description = "Port to listen on. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(
            names = "--topic",
            defaultValue = RegistryServer.DEFAULT_TOPIC,
            description = "Compacted topic holding the registry's state. Default: ${DEFAULT-VALUE}.")
    String topic;

    @Override
    public Integer call() throws InterruptedException {
        RegistryServer server = RegistryServer.start(bus.toConfig().bootstrapServers(), topic, host, port);
        return Foreground.runUntilStopped(server, "Schema registry listening on " + server.url() + ".");
    }
}
