package io.mgmtbus.launcher;

import io.mgmtbus.contracts.config.BusConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The command-line options every bus command shares (a picocli mixin), resolved into a {@link BusConfig}. */
public final class BusOptions {

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
            names = "--config",
            paramLabel = "FILE",
            description =
                    "Properties file with bootstrap.servers, schema.registry.url, topic.prefix (flags and env win over it).")
    Path configFile;

    public BusConfig toConfig() {
        Map<String, String> overrides = new HashMap<>();
        overrides.put(BusConfig.BOOTSTRAP_SERVERS, bootstrapServers);
        overrides.put(BusConfig.SCHEMA_REGISTRY_URL, schemaRegistryUrl);
        overrides.put(BusConfig.TOPIC_PREFIX, topicPrefix);
        return BusConfig.resolve(configFile, System.getenv(), overrides);
    }

    public Path configFile() {
        return configFile;
    }
}
