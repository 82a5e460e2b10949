package io.mgmtbus.streams.rebuild;

import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.topics.Offsets;
import io.mgmtbus.contracts.topics.ReadProgress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the committed records of a topic whose offsets fall in a time range (seeking with
 * offsetsForTimes) and whose own timestamps do too: the input of a rebuild, held in memory.
 */
final class RecordedEvents implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final ReadProgress progress;

    RecordedEvents(BusConfig config, ReadProgress progress) {
        Map<String, Object> props = config.clientProperties();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "mgmt-rebuild-outcomes");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.progress = progress;
    }

    /** The records of {@code topic} stamped in [{@code from}, {@code until}); from null = the beginning. */
    List<ConsumerRecord<byte[], byte[]>> read(String topic, Instant from, Instant until) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .collect(Collectors.toList());
        consumer.assign(partitions);
        Map<TopicPartition, Long> starts =
                Offsets.at(consumer, partitions, from, consumer.beginningOffsets(partitions));
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
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        while (!open.isEmpty()) {
            int read = 0;
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                TopicPartition p = new TopicPartition(record.topic(), record.partition());
                if (record.offset() >= ends.get(p)) {
                    continue;
                }
                read++;
                Instant stamped = Instant.ofEpochMilli(record.timestamp());
                if ((from == null || !stamped.isBefore(from)) && stamped.isBefore(until)) {
                    records.add(record);
                }
            }
            progress.read(read);
            open.removeIf(p -> consumer.position(p) >= ends.get(p));
        }
        return records;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
