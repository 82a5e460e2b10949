package io.mgmtbus.harness.faults;

import io.mgmtbus.embedded.EmbeddedKafka;
import io.mgmtbus.embedded.EmbeddedKafkaCluster;
import io.mgmtbus.embedded.Ports;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * The Kafka of a fault run, each broker in its own JVM with its data kept so it can come back:
 * one broker, or a cluster of three for the scenarios that lose a broker of a cluster.
 */
abstract sealed class FaultBrokers implements AutoCloseable {

    abstract String bootstrapServers();

    /** Starts the brokers a scenario needs under {@code dir}. */
    static FaultBrokers start(int brokers, Path dir) {
        return brokers == 1 ? new Single(dir) : new Cluster(brokers, dir);
    }

    /** The single broker stopped cleanly and started again on the same data directory. */
    void restart() {
        throw new UnsupportedOperationException("restart is for a single broker");
    }

    /** Kills (SIGKILL) the broker leading the most partitions of {@code topic}; returns its id. */
    int killBusiestLeader(String topic) {
        throw new UnsupportedOperationException("killing a leader is for a cluster");
    }

    /** Starts broker {@code id} again and waits until it serves. */
    void restart(int id) {
        throw new UnsupportedOperationException("restarting one of several brokers is for a cluster");
    }

    static final class Single extends FaultBrokers {
        private final int port = Ports.freePort();
        private final Path dataDir;
        private EmbeddedKafka broker;

        Single(Path dir) {
            this.dataDir = dir.resolve("broker");
            this.broker = start();
        }

        private EmbeddedKafka start() {
            return EmbeddedKafka.builder()
                    .port(port)
                    .dataDir(dataDir)
                    .stopOnJvmExit(false)
                    .start();
        }

        @Override
        String bootstrapServers() {
            return broker.bootstrapServers();
        }

        @Override
        void restart() {
            broker.close();
            broker = start();
        }

        @Override
        public void close() {
            broker.close();
        }
    }

    static final class Cluster extends FaultBrokers {
        private final EmbeddedKafkaCluster cluster;

        Cluster(int brokers, Path dir) {
            this.cluster = EmbeddedKafkaCluster.builder()
                    .brokers(brokers)
                    .dataDir(dir.resolve("cluster"))
                    .stopOnJvmExit(false)
                    .start();
        }

        @Override
        String bootstrapServers() {
            return cluster.bootstrapServers();
        }

        @Override
        int killBusiestLeader(String topic) {
            int leader;
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
                TopicDescription description = admin.describeTopics(List.of(topic))
                        .allTopicNames()
                        .get(30, TimeUnit.SECONDS)
                        .get(topic);
                leader = description.partitions().stream()
                        .filter(p -> p.leader() != null)
                        .collect(Collectors.groupingBy(
                                (TopicPartitionInfo p) -> p.leader().id(), Collectors.counting()))
                        .entrySet()
                        .stream()
                        .max(Map.Entry.comparingByValue(Comparator.naturalOrder()))
                        .map(Map.Entry::getKey)
                        .orElseThrow(() -> new IllegalStateException(topic + " has no leader"));
            } catch (Exception e) {
                throw new IllegalStateException("cannot find the leaders of " + topic + ": " + e.getMessage(), e);
            }
            cluster.kill(leader);
            return leader;
        }

        /**
         * Starts broker {@code id} again, then waits (up to a minute) until it is back in sync for
         * every partition, so a next fault finds three copies again, not one.
         */
        @Override
        void restart(int id) {
            cluster.restart(id);
            long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
                while (System.nanoTime() < until && !allInSync(admin)) {
                    Thread.sleep(250);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private static boolean allInSync(Admin admin) {
            try {
                Set<String> topics = admin.listTopics(new ListTopicsOptions().listInternal(true))
                        .names()
                        .get(10, TimeUnit.SECONDS);
                return admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS).values().stream()
                        .flatMap(topic -> topic.partitions().stream())
                        .allMatch(p -> p.isr().size() == p.replicas().size());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return true;
            } catch (Exception notYet) {
                return false;
            }
        }

        @Override
        public void close() {
            cluster.close();
        }
    }
}
