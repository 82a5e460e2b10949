package io.mgmtbus.history.rebuild;

import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.topics.ReadProgress;
import io.mgmtbus.topics.TopicRange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the committed records of a topic whose offsets fall in a time range (seeking with
 * offsetsForTimes) and whose own timestamps do too: the input of a rebuild, held in memory.
 */
final class RecordedEvents implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final ReadProgress progress;

    RecordedEvents(BusConfig config, ReadProgress progress) {
        Map<String, Object> props = config.rangeReaderProperties("mgmt-rebuild-outcomes");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.progress = progress;
    }

    /** The records of {@code topic} stamped in [{@code from}, {@code until}); from null = the beginning. */
    List<ConsumerRecord<byte[], byte[]>> read(String topic, Instant from, Instant until) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        TopicRange.read(consumer, topic, from, until, progress, record -> {
            Instant stamped = Instant.ofEpochMilli(record.timestamp());
            if ((from == null || !stamped.isBefore(from)) && stamped.isBefore(until)) {
                records.add(record);
            }
        });
        return records;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
