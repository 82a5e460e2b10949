package io.mgmtbus.contracts.topics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads every partition of a topic between two instants, found with {@code offsetsForTimes}
 * (never by scanning): from the first offset stamped at or after {@code since} (or the
 * beginning) to the first stamped at or after {@code until} (or the end when the read starts).
 * Records come in offset order per partition. Producers stamp their own records, so a record
 * inside the offset range may carry a timestamp outside the time range: callers that care filter.
 */
public final class TopicRange {

    private static final Duration POLL = Duration.ofMillis(200);

    private TopicRange() {}

    /** Sends each record of the range to {@code sink}, telling {@code progress} how far it got. */
    public static <K, V> void read(
            Consumer<K, V> consumer,
            String topic,
            Instant since,
            Instant until,
            ReadProgress progress,
            java.util.function.Consumer<ConsumerRecord<K, V>> sink) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
        consumer.assign(partitions);
        Map<TopicPartition, Long> starts =
                Offsets.at(consumer, partitions, since, consumer.beginningOffsets(partitions));
        Map<TopicPartition, Long> ends = Offsets.at(consumer, partitions, until, consumer.endOffsets(partitions));
        Set<TopicPartition> open = new HashSet<>();
        long total = 0;
        for (TopicPartition p : partitions) {
            consumer.seek(p, starts.get(p));
            if (starts.get(p) < ends.get(p)) {
                open.add(p);
                total += ends.get(p) - starts.get(p);
            }
        }
        progress.started(total);
        while (!open.isEmpty()) {
            int read = 0;
            for (ConsumerRecord<K, V> record : consumer.poll(POLL)) {
                if (record.offset() < ends.get(new TopicPartition(record.topic(), record.partition()))) {
                    read++;
                    sink.accept(record);
                }
            }
            progress.read(read);
            // Transaction markers take offsets too: a partition is done when its position passes the end.
            open.removeIf(p -> consumer.position(p) >= ends.get(p));
        }
    }

    /** Every record of the range, in memory. */
    public static <K, V> List<ConsumerRecord<K, V>> readAll(
            Consumer<K, V> consumer, String topic, Instant since, Instant until) {
        List<ConsumerRecord<K, V>> records = new ArrayList<>();
        read(consumer, topic, since, until, ReadProgress.NONE, records::add);
        return records;
    }
}
