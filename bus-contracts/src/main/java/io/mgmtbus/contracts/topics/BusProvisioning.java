package io.mgmtbus.contracts.topics;

import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.schemas.registry.SchemaRegistryClient;
import io.mgmtbus.schemas.registry.SchemaRegistryException;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a bus ready for any client: its topics exist as specified and every event schema is
 * registered under {@code <topic>-value}. Idempotent, so every component runs it on start.
 */
public final class BusProvisioning {

    private static final Logger log = LoggerFactory.getLogger(BusProvisioning.class);

    private BusProvisioning() {}

    /** Creates or verifies the topics of {@code config}'s bus and registers its event schemas. */
    public static BusTopics ensure(BusConfig config) {
        return ensure(config, null);
    }

    /** Like {@link #ensure(BusConfig)}, with {@code replication} already known (null: ask the cluster). */
    public static BusTopics ensure(BusConfig config, Replication replication) {
        BusTopics topics = ensureTopics(config, replication);
        registerSchemas(topics, config.schemaRegistry(), config.registry().toString());
        return topics;
    }

    /**
     * Creates or verifies the topics alone, for a broker that provisions its bus before any
     * registry runs ({@code mgmt broker --secrets}); {@code replication} null: ask the cluster.
     */
    public static BusTopics ensureTopics(BusConfig config, Replication replication) {
        BusTopics topics = new BusTopics(config);
        try (Admin admin = Admin.create(config.clientProperties())) {
            new TopicProvisioner(
                            admin,
                            replication != null ? replication : Replication.of(admin, config.replicationFactor()))
                    .ensure(topics.specs());
        }
        return topics;
    }

    /** The replication {@code config}'s bus keeps its topics with on its cluster ({@link Replication}). */
    public static Replication replication(BusConfig config) {
        try (Admin admin = Admin.create(config.clientProperties())) {
            return Replication.of(admin, config.replicationFactor());
        }
    }

    private static void registerSchemas(BusTopics topics, SchemaRegistryClient registry, String url) {
        for (Map.Entry<String, Schema> subject : topics.valueSchemas().entrySet()) {
            try {
                int id = registry.register(subject.getKey(), subject.getValue());
                log.debug("schema of {} registered as id {}", subject.getKey(), id);
            } catch (SchemaRegistryException e) {
                throw new IllegalStateException(
                        "cannot register the schema of " + subject.getKey() + " at " + url + ": " + e.getMessage(), e);
            }
        }
    }
}
