package io.mgmtbus.conformance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Every committed record of one topic since the kit started, collected in the background. */
final class TopicWatch implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<ConsumerRecord<byte[], byte[]>> seen = new ArrayList<>();
    private final Thread reader;
    private volatile boolean running = true;

    TopicWatch(Map<String, Object> properties, String topic) {
        this.consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        this.reader = new Thread(this::read, "conformance-watch-" + topic);
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    synchronized (seen) {
                        seen.add(record);
                        seen.notifyAll();
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        }
    }

    /** Every record so far. */
    List<ConsumerRecord<byte[], byte[]>> records() {
        synchronized (seen) {
            return List.copyOf(seen);
        }
    }

    /** The records matching {@code which}, once at least {@code count} are there or {@code within} passed. */
    List<ConsumerRecord<byte[], byte[]>> await(
            Predicate<ConsumerRecord<byte[], byte[]>> which, int count, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        synchronized (seen) {
            while (true) {
                List<ConsumerRecord<byte[], byte[]>> matching =
                        seen.stream().filter(which).toList();
                long left = deadline - System.nanoTime();
                if (matching.size() >= count || left <= 0) {
                    return matching;
                }
                seen.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        reader.join(5_000);
        consumer.close();
    }
}
