package io.mgmtbus.launcher;

import io.mgmtbus.contracts.config.BusConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The command-line options every bus command shares (a picocli mixin), resolved into a {@link BusConfig}. */
public final class BusOptions {

    static final String COMMAND_CONFIG_ENV = "MGMT_COMMAND_CONFIG";

    @Option(
            names = "--bootstrap-servers",
            paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers (env MGMT_BOOTSTRAP_SERVERS, default "
                    + BusConfig.DEFAULT_BOOTSTRAP_SERVERS + ").")
    String bootstrapServers;

    @Option(
            names = "--schema-registry-url",
            paramLabel = "URL",
            description = "Schema registry URL (env MGMT_SCHEMA_REGISTRY_URL, default "
                    + BusConfig.DEFAULT_SCHEMA_REGISTRY_URL + ").")
    String schemaRegistryUrl;

    @Option(
            names = "--topic-prefix",
            paramLabel = "PREFIX",
            description =
                    "Prefix of every bus topic, so several buses can share a cluster (env MGMT_TOPIC_PREFIX, default none).")
    String topicPrefix;

    @Option(
            names = "--replication-factor",
            paramLabel = "N",
            description = "Copies of each bus topic this command creates (env MGMT_REPLICATION_FACTOR; default: 3,"
                    + " or one per broker on a smaller cluster; min.insync.replicas 2 with 3 copies).")
    Integer replicationFactor;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description =
                    "Properties file with bootstrap.servers, schema.registry.url, topic.prefix, replication.factor"
                            + " (flags and env win over it). Default: the --command-config file, if any.")
    Path configFile;

    @Option(
            names = "--command-config",
            paramLabel = "FILE",
            defaultValue = "${env:" + COMMAND_CONFIG_ENV + "}",
            description = "Kafka client properties every client of this command uses, e.g. security.protocol,"
                    + " sasl.mechanism and sasl.jaas.config for a secured cluster (env MGMT_COMMAND_CONFIG).")
    Path commandConfig;

    public BusConfig toConfig() {
        Map<String, String> overrides = new HashMap<>();
        overrides.put(BusConfig.BOOTSTRAP_SERVERS, bootstrapServers);
        overrides.put(BusConfig.SCHEMA_REGISTRY_URL, schemaRegistryUrl);
        overrides.put(BusConfig.TOPIC_PREFIX, topicPrefix);
        overrides.put(BusConfig.REPLICATION_FACTOR, replicationFactor == null ? null : replicationFactor.toString());
        // An empty MGMT_COMMAND_CONFIG means none, as the other variables do.
        Path settings = commandConfig == null || commandConfig.toString().isBlank() ? null : commandConfig;
        return BusConfig.resolve(configFile, settings, System.getenv(), overrides);
    }

    public Path configFile() {
        return configFile;
    }

    /** The flags that point a {@code mgmt} command at {@code bus}, for running one (in process or as a child). */
    public static List<String> argsFor(BusConfig bus) {
        List<String> args = new java.util.ArrayList<>(List.of(
                "--bootstrap-servers",
                bus.bootstrapServers(),
                "--schema-registry-url",
                bus.schemaRegistryUrl(),
                "--topic-prefix",
                bus.topicPrefix()));
        if (bus.replicationFactor() > 0) {
            args.addAll(List.of("--replication-factor", Integer.toString(bus.replicationFactor())));
        }
        return args;
    }
}
