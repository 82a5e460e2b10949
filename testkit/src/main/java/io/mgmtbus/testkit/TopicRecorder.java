package io.mgmtbus.testkit;

import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.topics.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Records a topic from the beginning with a read_committed consumer, as a downstream reader
 * would, so tests assert what was really committed to Kafka.
 */
public final class TopicRecorder<K, V> implements AutoCloseable {

    private final KafkaConsumer<K, V> consumer;
    private final List<ConsumerRecord<K, V>> seen = new ArrayList<>();

    public TopicRecorder(BusConfig config, Topic<K, V> topic) {
        Map<String, Object> props = config.clientProperties();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "tail-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumer = new KafkaConsumer<>(
                props, topic.keySerde().deserializer(), topic.valueSerde().deserializer());
        consumer.subscribe(List.of(topic.name()));
    }

    /** Polls until {@code done} holds for everything seen so far, or the timeout passes; returns all seen. */
    public List<ConsumerRecord<K, V>> until(Predicate<List<ConsumerRecord<K, V>>> done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.test(seen) && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(100)).forEach(seen::add);
        }
        return List.copyOf(seen);
    }

    /** Polls until at least {@code count} records arrived (or the timeout passes). */
    public List<ConsumerRecord<K, V>> atLeast(int count, Duration timeout) {
        return until(records -> records.size() >= count, timeout);
    }

    /** Keeps polling for the whole {@code window}: for asserting that nothing more arrives. */
    public List<ConsumerRecord<K, V>> during(Duration window) {
        return until(records -> false, window);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
