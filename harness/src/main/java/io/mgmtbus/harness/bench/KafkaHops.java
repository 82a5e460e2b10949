package io.mgmtbus.harness.bench;

import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.topics.TopicProvisioner;
import io.mgmtbus.contracts.topics.TopicSpec;
import io.mgmtbus.launcher.audit.TerminalProgress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The two yardsticks a dispatch is compared with, on the same broker in the same run: a raw hop
 * (produce with acks=all, then consume) and a transactional hop (begin, send, offsets, commit,
 * then visible to a read_committed reader), the unit of an exactly-once step.
 */
final class KafkaHops {

    private static final byte[] PAYLOAD = new byte[200];
    static final int WARMUP = 50;

    private final BusConfig bus;

    KafkaHops(BusConfig bus) {
        this.bus = bus;
    }

    Latencies raw(int samples, TerminalProgress progress) throws Exception {
        return measure("raw Kafka hop (produce acks=all + consume)", "bench.raw-hop", false, samples, progress);
    }

    Latencies transactional(int samples, TerminalProgress progress) throws Exception {
        return measure("transactional hop (txn + read_committed)", "bench.transactional-hop", true, samples, progress);
    }

    private Latencies measure(String name, String topic, boolean transactional, int samples, TerminalProgress progress)
            throws Exception {
        try (Admin admin = Admin.create(bus.clientProperties())) {
            new TopicProvisioner(admin).ensure(List.of(new TopicSpec(topic, 1, Map.of())));
        }
        Map<String, Object> producerProps = bus.producerProperties();
        producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        if (transactional) {
            producerProps.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, topic);
        }
        Map<String, Object> consumerProps = bus.historyReaderProperties("mgmt-bench-" + topic);
        TopicPartition partition = new TopicPartition(topic, 0);
        ConsumerGroupMetadata group = new ConsumerGroupMetadata(topic);
        Latencies latencies = new Latencies(name);
        try (var producer = new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer());
                var consumer =
                        new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            if (transactional) {
                producer.initTransactions();
            }
            consumer.assign(List.of(partition));
            consumer.seekToEnd(List.of(partition));
            consumer.position(partition);
            // A fresh broker and client run interpreted at first: the first samples are not measured.
            int warmup = Math.max(WARMUP, samples / 5);
            progress.start(name, warmup + samples);
            long start = System.nanoTime();
            for (int i = 0; i < warmup + samples; i++) {
                if (i == warmup) {
                    start = System.nanoTime();
                }
                long sent = System.nanoTime();
                if (transactional) {
                    producer.beginTransaction();
                    producer.send(new ProducerRecord<>(topic, PAYLOAD));
                    producer.sendOffsetsToTransaction(Map.of(partition, new OffsetAndMetadata(i)), group);
                    producer.commitTransaction();
                } else {
                    producer.send(new ProducerRecord<>(topic, PAYLOAD)).get();
                }
                while (consumer.poll(Duration.ofMillis(100)).isEmpty()) {
                    // until our record is visible
                }
                if (i >= warmup) {
                    latencies.add(System.nanoTime() - sent);
                }
                progress.read(1);
            }
            progress.close();
            return latencies.finishedAfter(System.nanoTime() - start);
        }
    }
}
