package io.mgmtbus.topics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
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
        Map<TopicPartition, Long> starts =
                Offsets.at(consumer, partitions, since, consumer.beginningOffsets(partitions));
        Map<TopicPartition, Long> ends = Offsets.at(consumer, partitions, until, consumer.endOffsets(partitions));
        read(consumer, starts, ends, progress, sink);
    }

    /**
     * The one range-reading loop: each partition of {@code starts} from its start to its end in
     * {@code ends} (exclusive). Nothing to read (no partitions, or every start at its end) reads
     * nothing.
     */
    public static <K, V> void read(
            Consumer<K, V> consumer,
            Map<TopicPartition, Long> starts,
            Map<TopicPartition, Long> ends,
            ReadProgress progress,
            java.util.function.Consumer<ConsumerRecord<K, V>> sink) {
        read(consumer, starts, ends, false, () -> false, progress, sink);
    }

    /**
     * Each partition of {@code starts} from its start on, following new records until {@code
     * stopped} says so. A consumer woken up ends the read with its {@code WakeupException}.
     */
    public static <K, V> void follow(
            Consumer<K, V> consumer,
            Map<TopicPartition, Long> starts,
            BooleanSupplier stopped,
            ReadProgress progress,
            java.util.function.Consumer<ConsumerRecord<K, V>> sink) {
        read(consumer, starts, Map.of(), true, stopped, progress, sink);
    }

    private static <K, V> void read(
            Consumer<K, V> consumer,
            Map<TopicPartition, Long> starts,
            Map<TopicPartition, Long> ends,
            boolean follow,
            BooleanSupplier stopped,
            ReadProgress progress,
            java.util.function.Consumer<ConsumerRecord<K, V>> sink) {
        if (starts.isEmpty()) {
            progress.started(follow ? -1 : 0);
            return;
        }
        consumer.assign(starts.keySet());
        Set<TopicPartition> open = new HashSet<>();
        long total = 0;
        for (Map.Entry<TopicPartition, Long> start : starts.entrySet()) {
            TopicPartition p = start.getKey();
            consumer.seek(p, start.getValue());
            if (follow || start.getValue() < ends.get(p)) {
                open.add(p);
                total += follow ? 0 : ends.get(p) - start.getValue();
            }
        }
        progress.started(follow ? -1 : total);
        while (!stopped.getAsBoolean() && (follow || !open.isEmpty())) {
            int read = 0;
            for (ConsumerRecord<K, V> record : consumer.poll(POLL)) {
                TopicPartition p = new TopicPartition(record.topic(), record.partition());
                if (follow || (open.contains(p) && record.offset() < ends.get(p))) {
                    read++;
                    sink.accept(record);
                }
            }
            progress.read(read);
            if (!follow) {
                // Transaction markers take offsets too: a partition is done when its position passes the end.
                open.removeIf(p -> consumer.position(p) >= ends.get(p));
            }
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
