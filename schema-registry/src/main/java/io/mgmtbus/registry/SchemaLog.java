package io.mgmtbus.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mgmtbus.topics.TopicTail;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's durable state: a single-partition compacted topic (by default {@code _schemas})
 * holding one record per subject version and per config, in the spirit of Confluent's. Every
 * instance replays it into a {@link SchemaState}, so restarts and several instances see the
 * same ids. Only the elected writer writes to it ({@link Leadership}).
 */
final class SchemaLog implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SchemaLog.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(15);
    /** How long a request waits to learn how far the log goes, before it fails rather than ties up a thread. */
    private static final Duration END_OFFSET_TIMEOUT = Duration.ofSeconds(5);

    private final TopicPartition partition;
    private final SchemaState state;
    private final TopicTail reader;
    /** A second consumer only for asking the log's end offset: the reader's consumer belongs to its thread. */
    private final KafkaConsumer<byte[], byte[]> endOffsets;

    private final Object progress = new Object();
    private long nextOffsetToApply;
    private volatile boolean running = true;
    private final CompletableFuture<String> failure = new CompletableFuture<>();

    /** @param kafkaClient the settings of the log's Kafka clients: bootstrap servers, and security when needed */
    SchemaLog(Map<String, Object> kafkaClient, String topic, SchemaState state) {
        this.partition = new TopicPartition(topic, 0);
        this.state = state;
        provision(kafkaClient, topic);
        this.endOffsets = new KafkaConsumer<>(
                with(kafkaClient, Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        this.reader = TopicTail.follow(
                "schema-log-reader",
                new KafkaConsumer<>(
                        with(
                                kafkaClient,
                                Map.of(
                                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                                        false,
                                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                                        "read_committed")),
                        new ByteArrayDeserializer(),
                        new ByteArrayDeserializer()),
                Map.of(topic, TopicTail.Start.BEGINNING),
                (record, live) -> {
                    apply(record);
                    return true;
                },
                new TopicTail.Progress() {
                    @Override
                    public void readUpTo(Map<TopicPartition, Long> positions) {
                        Long at = positions.get(partition);
                        synchronized (progress) {
                            nextOffsetToApply = at == null ? nextOffsetToApply : at;
                            progress.notifyAll();
                        }
                    }

                    @Override
                    public void stopped(String failure) {
                        stoppedReading(failure);
                    }
                });
        try {
            awaitApplied(endOffsets.endOffsets(List.of(partition)).get(partition), Duration.ofSeconds(60));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        log.info(
                "schema log {} replayed: {} subjects",
                topic,
                state.subjects(false).size());
    }

    private static Map<String, Object> with(Map<String, Object> base, Map<String, Object> more) {
        Map<String, Object> all = new HashMap<>(base);
        all.putAll(more);
        return all;
    }

    /** Creates the log as Confluent's registry does (one partition, compacted), or checks an existing one is compacted. */
    private static void provision(Map<String, Object> kafkaClient, String topic) {
        try (Admin admin = Admin.create(kafkaClient)) {
            try {
                admin.createTopics(List.of(new NewTopic(topic, Optional.of(1), Optional.empty())
                                .configs(
                                        Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))))
                        .all()
                        .get(30, TimeUnit.SECONDS);
                log.info("created schema log {}", topic);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            String policy = cleanupPolicy(admin, topic);
            if (!policy.equals(TopicConfig.CLEANUP_POLICY_COMPACT)) {
                throw new IllegalStateException(
                        "schema log " + topic + " has cleanup.policy=" + policy + ", but it must be compact");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the schema log " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "cannot create the schema log " + topic + " on " + kafkaClient.get("bootstrap.servers") + ": "
                            + e.getMessage(),
                    e);
        }
    }

    /**
     * The topic's cleanup policy. A topic just created (here or by another instance) may not be
     * known to every broker of a cluster yet: it is asked about again for a few seconds, as
     * bus-contracts' TopicProvisioner does for the bus's topics (this module cannot use it).
     */
    private static String cleanupPolicy(Admin admin, String topic)
            throws InterruptedException, ExecutionException, TimeoutException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                return admin.describeConfigs(List.of(resource))
                        .all()
                        .get(30, TimeUnit.SECONDS)
                        .get(resource)
                        .get(TopicConfig.CLEANUP_POLICY_CONFIG)
                        .value();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    /**
     * Reads everything written to the log so far (by any instance), so an id or version assigned
     * next does not collide with one another instance assigned a moment ago.
     */
    void catchUp() {
        long end;
        synchronized (endOffsets) {
            end = endOffsets.endOffsets(List.of(partition), END_OFFSET_TIMEOUT).get(partition);
        }
        awaitApplied(end, WRITE_TIMEOUT);
    }

    /** Waits until this instance has applied every record up to {@code offset} (exclusive). */
    void awaitApplied(long offset) {
        awaitApplied(offset, WRITE_TIMEOUT);
    }

    private void awaitApplied(long offset, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (nextOffsetToApply < offset) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !running) {
                    throw new IllegalStateException(
                            "schema log did not catch up to offset " + offset + " within " + timeout.toSeconds() + "s");
                }
                try {
                    progress.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while reading " + partition.topic(), e);
                }
            }
        }
    }

    /** Reads would be stale from now on and writes never confirmed: say so, and stop the registry. */
    private void stoppedReading(String failure) {
        running = false;
        if (failure != null) {
            this.failure.complete("the schema log reader of " + partition.topic() + " stopped: " + failure);
        }
        synchronized (progress) {
            progress.notifyAll();
        }
    }

    private void apply(ConsumerRecord<byte[], byte[]> record) {
        try {
            JsonNode key = JSON.readTree(record.key());
            JsonNode value = record.value() == null ? null : JSON.readTree(record.value());
            switch (key.path("keytype").asText()) {
                case "SCHEMA" -> {
                    if (value == null) {
                        state.removeSchema(
                                key.get("subject").asText(), key.get("version").asInt());
                    } else {
                        state.applySchema(schema(value));
                    }
                }
                case "CONFIG" ->
                    state.applyConfig(
                            key.path("subject").isNull()
                                    ? null
                                    : key.path("subject").asText(null),
                            value == null
                                    ? null
                                    : CompatibilityLevel.parse(
                                            value.path("compatibilityLevel").asText()));
                case "HIGHEST_ID" -> {
                    if (value != null) {
                        state.applyHighestId(value.path("id").asInt());
                    }
                }
                case "LEADER" -> {
                    if (value != null) {
                        state.applyWriter(
                                value.path("url").asText(null),
                                value.path("generation").asInt(-1));
                    }
                }
                default -> log.debug("ignoring {} record at offset {}", key.path("keytype"), record.offset());
            }
        } catch (IOException | RuntimeException e) {
            // A foreign or damaged record must not stop the registry; it is skipped and reported.
            log.warn(
                    "skipping unreadable record at {}-{}@{}: {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    e.toString());
        }
    }

    private static RegisteredSchema schema(JsonNode value) {
        List<SchemaReference> references = new ArrayList<>();
        value.path("references")
                .forEach(r -> references.add(new SchemaReference(
                        r.get("name").asText(),
                        r.get("subject").asText(),
                        r.get("version").asInt())));
        return new RegisteredSchema(
                value.get("subject").asText(),
                value.get("version").asInt(),
                value.get("id").asInt(),
                value.get("schema").asText(),
                references,
                value.path("deleted").asBoolean(false));
    }

    /** Completes with a reason when the log can no longer be read (this instance then serves stale state). */
    CompletableFuture<String> failure() {
        return failure;
    }

    @Override
    public void close() {
        running = false;
        reader.close();
        endOffsets.close();
    }
}
