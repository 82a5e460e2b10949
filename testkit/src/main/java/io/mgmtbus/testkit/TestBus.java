package io.mgmtbus.testkit;

import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.topics.BusProvisioning;
import io.mgmtbus.testcluster.TestCluster;
import org.apache.kafka.clients.admin.Admin;

/**
 * A bus for each test on the JVM's shared {@link TestCluster}: a unique topic prefix with every
 * topic provisioned and every schema registered, so tests never see each other's records.
 */
public final class TestBus {

    private static TestBus shared;

    private final TestCluster cluster;

    private TestBus(TestCluster cluster) {
        this.cluster = cluster;
    }

    /** The JVM's shared cluster, started on first call. */
    public static synchronized TestBus shared() {
        if (shared == null) {
            shared = new TestBus(TestCluster.shared());
        }
        return shared;
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    public String registryUrl() {
        return cluster.registryUrl();
    }

    /** A bus of its own (unique topic prefix) with every topic provisioned. */
    public BusConfig newBus() {
        BusConfig config = new BusConfig(cluster.bootstrapServers(), cluster.registryUrl(), cluster.newPrefix());
        BusProvisioning.ensure(config);
        return config;
    }

    public Admin admin() {
        return cluster.admin();
    }
}
