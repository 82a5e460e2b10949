package io.mgmtbus.contracts.topics;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * How many copies the bus keeps of each record: three on a cluster of three or more brokers
 * (fewer brokers: one copy per broker), and with three, a write is acknowledged once two copies
 * have it ({@code min.insync.replicas=2}), so one broker may die without losing an acknowledged
 * record or stopping writes. The embedded cluster gives Kafka's internal topics the same.
 *
 * @param factor copies of each partition
 * @param minInsyncReplicas copies that must have a record before an {@code acks=all} write succeeds
 */
public record Replication(short factor, int minInsyncReplicas) {

    /** Environment variable and properties key that override the factor (flag {@code --replication-factor}). */
    public static final String KEY = "replication.factor";

    public Replication {
        if (factor < 1) {
            throw new IllegalArgumentException("a replication factor must be at least 1, not " + factor);
        }
    }

    /** {@code factor} copies, acknowledged at two when there are three or more. */
    public static Replication of(int factor) {
        return new Replication((short) factor, factor >= 3 ? 2 : 1);
    }

    /** The bus's choice for a cluster of {@code brokers} (registered brokers, running or not). */
    public static Replication forBrokers(int brokers) {
        return of(Math.max(1, Math.min(3, brokers)));
    }

    /** {@code override} copies when positive, else the choice for the cluster {@code admin} talks to. */
    public static Replication of(Admin admin, int override) {
        if (override > 0) {
            return of(override);
        }
        try {
            return forBrokers(
                    // Fenced brokers count: one that is down right now is still one of the cluster's.
                    admin.describeCluster(new DescribeClusterOptions().includeFencedBrokers(true))
                            .nodes()
                            .get(30, TimeUnit.SECONDS)
                            .size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while counting the cluster's brokers", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot count the cluster's brokers: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "replication factor " + factor + ", min.insync.replicas " + minInsyncReplicas;
    }
}
