package io.mgmtbus.schemas.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.mgmtbus.testcluster.TestCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serde;

/** A fresh topic on the shared test cluster, for sending events through a real broker and reading them back. */
final class ThroughKafka {

    private final TestCluster cluster = TestCluster.shared();
    final String topic = cluster.newPrefix() + "events";

    ThroughKafka() {
        try (var admin = cluster.admin()) {
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(1), Optional.empty())))
                    .all()
                    .get();
        } catch (Exception e) {
            throw new AssertionError("cannot create " + topic, e);
        }
    }

    String registryUrl() {
        return cluster.registryUrl();
    }

    String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** Sends {@code value} under {@code key} and returns what a read_committed consumer reads back for that key. */
    <K, V> V roundTrip(Serde<K> keys, Serde<V> values, K key, V value) {
        send(keys, values, key, value);
        List<ConsumerRecord<K, V>> records = read(keys, values, 1).stream()
                .filter(r -> Objects.deepEquals(r.key(), key))
                .toList();
        assertThat(records).as("records with key %s", key).hasSize(1);
        return records.get(0).value();
    }

    <K, V> void send(Serde<K> keys, Serde<V> values, K key, V value) {
        try (var producer = new KafkaProducer<>(cluster.clientProperties(), keys.serializer(), values.serializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new AssertionError("cannot produce to " + topic, e);
        }
    }

    /** Reads from the beginning until at least {@code count} records arrived (or 20 s passed). */
    <K, V> List<ConsumerRecord<K, V>> read(Serde<K> keys, Serde<V> values, int count) {
        Map<String, Object> props = cluster.clientProperties();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "read-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<K, V>> seen = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(props, keys.deserializer(), values.deserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (seen.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(100)).forEach(seen::add);
            }
        }
        return seen;
    }
}
