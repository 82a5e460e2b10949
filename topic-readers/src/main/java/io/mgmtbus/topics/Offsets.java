package io.mgmtbus.topics;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;

/** Where a time range starts and ends in each partition, found with {@code offsetsForTimes}, never by scanning. */
public final class Offsets {

    private Offsets() {}

    /**
     * Per partition, the first offset whose timestamp is at or after {@code at} (the end when none
     * is); without an instant, {@code otherwise}.
     */
    public static Map<TopicPartition, Long> at(
            Consumer<?, ?> consumer, List<TopicPartition> partitions, Instant at, Map<TopicPartition, Long> otherwise) {
        if (at == null) {
            return otherwise;
        }
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(p -> query.put(p, at.toEpochMilli()));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        Map<TopicPartition, Long> offsets = new HashMap<>();
        partitions.forEach(
                p -> offsets.put(p, found.get(p) != null ? found.get(p).offset() : ends.get(p)));
        return offsets;
    }
}
