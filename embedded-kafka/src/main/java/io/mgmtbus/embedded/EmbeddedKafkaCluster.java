package io.mgmtbus.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A real KRaft cluster of N combined broker+controller nodes on 127.0.0.1, each
 * {@link EmbeddedKafka} node in its own JVM with its own port and data directory. Its topics get
 * 3 replicas (or one per broker when fewer) and {@code min.insync.replicas=2} with 3, so one
 * node may die, by {@link #kill(int)} even, and come back by {@link #restart(int)}.
 *
 * <pre>{@code
 * try (EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.builder().brokers(3).start()) {
 *     cluster.bootstrapServers(); // 127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3
 *     cluster.kill(2);
 *     cluster.restart(2);
 * }
 * }</pre>
 */
public final class EmbeddedKafkaCluster implements AutoCloseable {

    private final List<EmbeddedKafka.Builder> members;
    private final EmbeddedKafka[] nodes;
    private final Path dataDir;
    private volatile boolean temporary;

    private EmbeddedKafkaCluster(List<EmbeddedKafka.Builder> members, Path dataDir, boolean temporary) {
        this.members = members;
        this.nodes = new EmbeddedKafka[members.size()];
        this.dataDir = dataDir;
        this.temporary = temporary;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Where the nodes keep their data ({@code broker-<id>/} each, with its {@code broker.log}). */
    public Path dataDir() {
        return dataDir;
    }

    /** Every node's listener, so clients find the cluster while any one of them is down. */
    public String bootstrapServers() {
        return members.stream()
                .map(member -> Ports.LOOPBACK + ":" + member.portForCluster())
                .collect(Collectors.joining(","));
    }

    public int size() {
        return members.size();
    }

    /** The node with {@code node.id} {@code nodeId} (1..size), or null while it is down. */
    public synchronized EmbeddedKafka node(int nodeId) {
        EmbeddedKafka node = nodes[index(nodeId)];
        return node != null && node.isAlive() ? node : null;
    }

    /** Kills node {@code nodeId}'s JVM (SIGKILL); its data stays for {@link #restart(int)}. */
    public synchronized void kill(int nodeId) {
        EmbeddedKafka node = nodes[index(nodeId)];
        if (node != null) {
            node.kill();
            nodes[index(nodeId)] = null;
        }
    }

    /** Starts node {@code nodeId} again on its port and data directory, and waits until it serves. */
    public synchronized EmbeddedKafka restart(int nodeId) {
        if (node(nodeId) != null) {
            throw new IllegalStateException("node " + nodeId + " is running");
        }
        EmbeddedKafka node = members.get(index(nodeId)).start();
        nodes[index(nodeId)] = node;
        return node;
    }

    /**
     * Stops every node cleanly, all at once: one by one, the last ones would wait for a controller
     * quorum that has already gone. Then (for a temporary cluster) deletes its data.
     */
    @Override
    public synchronized void close() {
        List<Thread> stopping = new ArrayList<>();
        for (int i = 0; i < nodes.length; i++) {
            EmbeddedKafka node = nodes[i];
            if (node != null) {
                Thread thread = new Thread(node::close, "stop-broker-" + (i + 1));
                thread.start();
                stopping.add(thread);
                nodes[i] = null;
            }
        }
        for (Thread thread : stopping) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (temporary) {
            EmbeddedKafka.deleteRecursively(dataDir);
        }
    }

    private int index(int nodeId) {
        if (nodeId < 1 || nodeId > members.size()) {
            throw new IllegalArgumentException("no node " + nodeId + " in a cluster of " + members.size());
        }
        return nodeId - 1;
    }

    /** How the cluster is shaped; {@link #start()} launches every node, then waits until each serves. */
    public static final class Builder {
        private int brokers = 3;
        private Path dataDir;
        private String maxHeap = "384m";
        private boolean stopOnJvmExit = true;
        private BrokerSecurity security;
        private int firstPort;

        /** Listener ports {@code firstPort}, {@code firstPort + 1}, ...; 0 (default) picks free ones. */
        public Builder firstPort(int firstPort) {
            this.firstPort = firstPort;
            return this;
        }

        public Builder brokers(int brokers) {
            if (brokers < 1) {
                throw new IllegalArgumentException("a cluster needs at least one broker");
            }
            this.brokers = brokers;
            return this;
        }

        /** Keeps each node's data under {@code dataDir/broker-<id>}; without it, a temporary directory deleted on close. */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        public Builder maxHeap(String maxHeap) {
            this.maxHeap = maxHeap;
            return this;
        }

        public Builder stopOnJvmExit(boolean stop) {
            this.stopOnJvmExit = stop;
            return this;
        }

        public Builder security(BrokerSecurity security) {
            this.security = security;
            return this;
        }

        public EmbeddedKafkaCluster start() {
            boolean temporary = dataDir == null;
            Path root = temporary ? createTempDir() : dataDir;
            int[] ports = new int[brokers];
            int[] controllers = new int[brokers];
            List<String> voters = new ArrayList<>();
            for (int i = 0; i < brokers; i++) {
                ports[i] = firstPort == 0 ? Ports.freePort() : firstPort + i;
                controllers[i] = Ports.freePort();
                voters.add((i + 1) + "@" + Ports.LOOPBACK + ":" + controllers[i]);
            }
            String clusterId = EmbeddedKafka.Builder.newClusterId();
            List<EmbeddedKafka.Builder> members = new ArrayList<>();
            for (int i = 0; i < brokers; i++) {
                members.add(EmbeddedKafka.builder()
                        .port(ports[i])
                        .dataDir(root.resolve("broker-" + (i + 1)))
                        .maxHeap(maxHeap)
                        .stopOnJvmExit(stopOnJvmExit)
                        .security(security)
                        .clusterMember(i + 1, controllers[i], String.join(",", voters), clusterId, brokers));
            }
            EmbeddedKafkaCluster cluster = new EmbeddedKafkaCluster(members, root, temporary);
            // A node serves only once a quorum of controllers runs: launch them all, then wait for each.
            List<EmbeddedKafka.Builder.Launched> launched = new ArrayList<>();
            try {
                for (EmbeddedKafka.Builder member : members) {
                    launched.add(member.launch());
                    cluster.nodes[launched.size() - 1] =
                            launched.get(launched.size() - 1).kafka();
                }
                for (EmbeddedKafka.Builder.Launched node : launched) {
                    node.awaitReady();
                }
            } catch (RuntimeException e) {
                cluster.temporary = false; // the error names a node's log: keep it
                cluster.close(); // all at once, as any stop of a cluster
                throw e;
            }
            return cluster;
        }

        private static Path createTempDir() {
            try {
                return Files.createTempDirectory("mgmt-kafka-cluster-");
            } catch (IOException e) {
                throw new BrokerStartException("cannot create a temporary data directory: " + e.getMessage(), e);
            }
        }
    }
}
