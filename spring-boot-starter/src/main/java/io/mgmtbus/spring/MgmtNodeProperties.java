package io.mgmtbus.spring;

import io.mgmtbus.node.ManagedNode;
import io.mgmtbus.node.dispatch.Delivery;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The node's settings under {@code mgmt.node.*} (environment variables bind as Spring's do:
 * {@code MGMT_NODE_NAME}, {@code MGMT_NODE_LABELS}, ...). Where the bus is comes from {@code
 * mgmt.bus.*}, or else from the variables every role reads ({@code MGMT_BOOTSTRAP_SERVERS},
 * {@code MGMT_SCHEMA_REGISTRY_URL}, {@code MGMT_TOPIC_PREFIX}, {@code MGMT_COMMAND_CONFIG}).
 */
@ConfigurationProperties("mgmt.node")
public class MgmtNodeProperties {

    /** Whether the application is a node at all. */
    private boolean enabled = true;

    /** The cluster-unique node name. Required. */
    private String name;

    /** Host or instance it runs under. Default: the host name. */
    private String instance;

    /** Labels its selectors pick it by, as {@code role=worker,rack=3}. */
    private String labels = "";

    /** EXACTLY_ONCE (answers and offsets in one transaction) or AT_LEAST_ONCE (faster, may answer twice after a crash). */
    private Delivery delivery = Delivery.EXACTLY_ONCE;

    /** How often it says hello again. */
    private Duration heartbeat = Duration.parse("PT" + ManagedNode.DEFAULT_HEARTBEAT.toUpperCase());

    /** The time limit of one action. */
    private Duration actionTimeout = Duration.parse("PT" + ManagedNode.DEFAULT_ACTION_TIME_LIMIT.toUpperCase());

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getInstance() {
        return instance;
    }

    public void setInstance(String instance) {
        this.instance = instance;
    }

    public String getLabels() {
        return labels;
    }

    public void setLabels(String labels) {
        this.labels = labels;
    }

    public Delivery getDelivery() {
        return delivery;
    }

    public void setDelivery(Delivery delivery) {
        this.delivery = delivery;
    }

    public Duration getHeartbeat() {
        return heartbeat;
    }

    public void setHeartbeat(Duration heartbeat) {
        this.heartbeat = heartbeat;
    }

    public Duration getActionTimeout() {
        return actionTimeout;
    }

    public void setActionTimeout(Duration actionTimeout) {
        this.actionTimeout = actionTimeout;
    }

    /** Where the bus is: {@code mgmt.bus.*}, each falling back to its {@code MGMT_*} variable. */
    @ConfigurationProperties("mgmt.bus")
    public static class Bus {

        private String bootstrapServers;
        private String schemaRegistryUrl;
        private String topicPrefix;
        /** Kafka client and registry settings (security), as {@code --command-config} takes them. */
        private Path commandConfig;

        public String getBootstrapServers() {
            return bootstrapServers;
        }

        public void setBootstrapServers(String bootstrapServers) {
            this.bootstrapServers = bootstrapServers;
        }

        public String getSchemaRegistryUrl() {
            return schemaRegistryUrl;
        }

        public void setSchemaRegistryUrl(String schemaRegistryUrl) {
            this.schemaRegistryUrl = schemaRegistryUrl;
        }

        public String getTopicPrefix() {
            return topicPrefix;
        }

        public void setTopicPrefix(String topicPrefix) {
            this.topicPrefix = topicPrefix;
        }

        public Path getCommandConfig() {
            return commandConfig;
        }

        public void setCommandConfig(Path commandConfig) {
            this.commandConfig = commandConfig;
        }
    }
}
