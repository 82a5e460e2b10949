package io.mgmtbus.node.hello;

import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.topics.Topic;
import io.mgmtbus.events.NodeHello;
import io.mgmtbus.node.identity.NodeIdentity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Announces the node (Zeek's notify_node_hello) on the compacted hello topic, keyed by node
 * name: once at start, then every heartbeat interval so readers can tell live nodes from gone
 * ones, and a tombstone on clean shutdown so the node leaves the node table at once.
 */
public final class HelloPublisher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HelloPublisher.class);

    private final Topic<String, NodeHello> topic;
    private final NodeIdentity identity;
    private final Supplier<List<String>> actions;
    private final Duration interval;
    private final BooleanSupplier stillOwnsName;
    private final KafkaProducer<String, NodeHello> producer;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "node-hello");
        thread.setDaemon(true);
        return thread;
    });

    public HelloPublisher(
            BusConfig config,
            Topic<String, NodeHello> topic,
            NodeIdentity identity,
            Supplier<List<String>> actions,
            Duration interval,
            BooleanSupplier stillOwnsName) {
        this.topic = topic;
        this.stillOwnsName = stillOwnsName;
        this.identity = identity;
        this.actions = actions;
        this.interval = interval;
        Map<String, Object> props = config.producerProperties();
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "mgmt-node-" + identity.name() + "-hello");
        // A goodbye must not hold up shutdown for a minute when the cluster is already gone.
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        this.producer = new KafkaProducer<>(
                props, topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    /** Sends the first hello (waiting for the broker's ack) and schedules the heartbeats. */
    public void start() {
        send(hello()).join();
        log.info(
                "node {} said hello (instance {}, labels {}, actions {})",
                identity.name(),
                identity.instance(),
                identity.labels(),
                actions.get());
        scheduler.scheduleAtFixedRate(this::heartbeat, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A node that lost its name to another process stops vouching for it. */
    private void heartbeat() {
        if (stillOwnsName.getAsBoolean()) {
            send(hello());
        } else {
            scheduler.shutdown();
        }
    }

    private NodeHello hello() {
        return NodeHello.newBuilder()
                .setNode(identity.name())
                .setInstance(identity.instance())
                .setActions(actions.get())
                .setStartedAt(identity.startedAt())
                .setSentAt(Instant.now())
                .setHeartbeatIntervalMs(interval.toMillis())
                .setLabels(identity.labels())
                .build();
    }

    private CompletableFuture<Void> send(NodeHello hello) {
        var done = new CompletableFuture<Void>();
        producer.send(topic.record(identity.name(), hello), (metadata, error) -> {
            if (error != null) {
                log.warn("node {}: hello not delivered: {}", identity.name(), error.toString());
                done.completeExceptionally(error);
            } else {
                done.complete(null);
            }
        });
        return done;
    }

    /** Stops the heartbeats and leaves with a tombstone, unless the name now belongs to another process. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        if (!stillOwnsName.getAsBoolean()) {
            log.info("node {}: no goodbye, the name belongs to the process that took over", identity.name());
            producer.close(Duration.ofSeconds(5));
            return;
        }
        try {
            send(null).get(5, TimeUnit.SECONDS);
            log.info("node {} said goodbye", identity.name());
        } catch (Exception e) {
            log.warn("node {}: goodbye tombstone not delivered: {}", identity.name(), e.toString());
        }
        producer.close(Duration.ofSeconds(5));
    }
}
