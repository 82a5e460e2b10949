package io.mgmtbus.testkit;

import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.topics.Topic;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Produces records to a bus topic as an outside client would, waiting for each acknowledgement. */
public final class TopicWriter<K, V> implements AutoCloseable {

    private final Topic<K, V> topic;
    private final KafkaProducer<K, V> producer;

    public TopicWriter(BusConfig config, Topic<K, V> topic) {
        this.topic = topic;
        this.producer = new KafkaProducer<>(config.clientProperties(), topic.keySerde().serializer(), topic.valueSerde().serializer());
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

    @Override
    public void close() {
        producer.close();
    }
}
