package io.mgmtbus.conformance;

import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.topics.BusProvisioning;
import io.mgmtbus.contracts.topics.BusTopics;
import io.mgmtbus.embedded.EmbeddedKafka;
import io.mgmtbus.events.DispatchCancel;
import io.mgmtbus.events.NodeDispatchRequest;
import io.mgmtbus.registry.RegistryServer;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;

/**
 * The kit's own bus: a real broker and registry on loopback, the bus's topics and schemas, and a
 * producer that puts requests, cancels and garbage exactly where a case needs them. No
 * streams-app: the kit itself plays the operator and reads the node's answers off the topics.
 */
final class KitBus implements AutoCloseable {

    private final EmbeddedKafka kafka;
    private final RegistryServer registry;
    final BusConfig config;
    final BusTopics topics;
    private final KafkaProducer<byte[], byte[]> producer;
    final int requestPartitions;

    private KitBus(EmbeddedKafka kafka, RegistryServer registry, BusConfig config, BusTopics topics) {
        this.kafka = kafka;
        this.registry = registry;
        this.config = config;
        this.topics = topics;
        this.producer =
                new KafkaProducer<>(config.producerProperties(), new ByteArraySerializer(), new ByteArraySerializer());
        this.requestPartitions =
                producer.partitionsFor(topics.requests().name()).size();
    }

    static KitBus start() {
        EmbeddedKafka kafka = EmbeddedKafka.builder().start();
        RegistryServer registry = RegistryServer.start(kafka.bootstrapServers(), "127.0.0.1", 0);
        BusConfig config = new BusConfig(kafka.bootstrapServers(), registry.url(), "");
        return new KitBus(kafka, registry, config, BusProvisioning.ensure(config));
    }

    /** What a node process is told about the bus, in the environment {@code bin/mgmt node} reads. */
    Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("MGMT_BOOTSTRAP_SERVERS", config.bootstrapServers());
        env.put("MGMT_SCHEMA_REGISTRY_URL", config.schemaRegistryUrl());
        env.put("MGMT_TOPIC_PREFIX", config.topicPrefix());
        return env;
    }

    /**
     * The partition the kit puts {@code reqid}'s request on: never the one Kafka's default
     * partitioner (murmur2 of the key) picks, so a node answering by the key's hash is caught.
     */
    int partitionFor(String reqid) {
        int byHash = Utils.toPositive(Utils.murmur2(reqid.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                % requestPartitions;
        return (byHash + 1) % requestPartitions;
    }

    void request(NodeDispatchRequest request) {
        send(
                topics.requests().name(),
                partitionFor(request.getReqid()),
                request.getReqid(),
                topics.requests().serializeValue(request));
    }

    void cancel(String reqid) {
        DispatchCancel cancel = DispatchCancel.newBuilder()
                .setReqid(reqid)
                .setRequestedAt(Instant.now())
                .setRequester("conformance")
                .build();
        send(
                topics.cancels().name(),
                partitionFor(reqid),
                reqid,
                topics.cancels().serializeValue(cancel));
    }

    /** Bytes no schema reads, keyed {@code key}, on {@code partition} of {@code topic}. */
    void garbage(String topic, int partition, String key) {
        send(topic, partition, key, new byte[] {0, 0, 0, 0, 99, 'n', 'o', 't', ' ', 'a', 'v', 'r', 'o'});
    }

    private void send(String topic, int partition, String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(
                            topic, partition, key.getBytes(java.nio.charset.StandardCharsets.UTF_8), value))
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the kit cannot write to " + topic + ": " + e.getMessage(), e);
        }
    }

    /** Settings of a reader of what the node wrote: committed records only, as every reader of the bus. */
    Map<String, Object> readerProperties() {
        Map<String, Object> props = config.clientProperties();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return props;
    }

    @Override
    public void close() {
        producer.close();
        registry.close();
        kafka.close();
    }
}
