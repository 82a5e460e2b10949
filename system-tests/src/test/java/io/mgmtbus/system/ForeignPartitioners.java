package io.mgmtbus.system;

import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32;
import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.common.Cluster;

/** How clients other than Java's place a reqid: for producing requests as they would. */
public final class ForeignPartitioners {

    private ForeignPartitioners() {}

    /** librdkafka's default {@code consistent_random} for keyed records: CRC32 of the key. */
    public static final class Crc32Partitioner implements Partitioner {
        @Override
        public int partition(
                String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes, Cluster cluster) {
            CRC32 crc = new CRC32();
            crc.update(keyBytes);
            return (int) (crc.getValue() % cluster.partitionCountForTopic(topic));
        }

        @Override
        public void close() {}

        @Override
        public void configure(Map<String, ?> configs) {}
    }

    /** Any partition at all, as a round-robin or random partitioner places records. */
    public static final class RandomPartitioner implements Partitioner {
        @Override
        public int partition(
                String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes, Cluster cluster) {
            return ThreadLocalRandom.current().nextInt(cluster.partitionCountForTopic(topic));
        }

        @Override
        public void close() {}

        @Override
        public void configure(Map<String, ?> configs) {}
    }
}
