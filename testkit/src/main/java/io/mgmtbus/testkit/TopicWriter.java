package io.mgmtbus.testkit;

import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.topics.Topic;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Produces records to a bus topic as an outside client would, waiting for each acknowledgement. */
public final class TopicWriter<K, V> implements AutoCloseable {

    private final Topic<K, V> topic;
    private final KafkaProducer<K, V> producer;
    private final AtomicInteger failures = new AtomicInteger();

    public TopicWriter(BusConfig config, Topic<K, V> topic) {
        this.topic = topic;
        this.producer = new KafkaProducer<>(
                config.clientProperties(),
                topic.keySerde().serializer(),
                topic.valueSerde().serializer());
    }

    public void send(K key, V value) {
        send(topic.record(key, value));
    }

    public void send(ProducerRecord<K, V> record) {
        try {
            producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot produce to " + record.topic() + ": " + e.getCause(), e.getCause());
        }
    }

    /** Sends without waiting, for bulk loads; {@link #flush()} waits for all of them. */
    public void sendAsync(K key, V value) {
        producer.send(topic.record(key, value), (metadata, error) -> {
            if (error != null) {
                failures.incrementAndGet();
            }
        });
    }

    /** Waits until every record sent so far is acknowledged; fails if any was not. */
    public void flush() {
        producer.flush();
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " record(s) could not be produced to " + topic.name());
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
