package io.mgmtbus.agent.view;

import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.topics.BusTopics;
import io.mgmtbus.schemas.registry.SchemaRegistryException;
import io.mgmtbus.topics.TopicTail;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the bus topics for the view ({@link TopicTail}): hellos from the beginning (compacted),
 * requests, responses and outcomes from a look-back window (seeking by time, never scanning),
 * dead letters from now on. A record whose schema the registry cannot give for now is read again
 * after a pause, not skipped.
 */
final class BusReader implements AutoCloseable {

    /** Where read records go; {@code live} is false while the reader catches up on history. */
    interface Sink {
        void apply(ConsumerRecord<byte[], byte[]> record, boolean live);
    }

    private static final Logger log = LoggerFactory.getLogger(BusReader.class);

    private final TopicTail tail;

    BusReader(BusConfig config, BusTopics topics, Duration lookback, Sink sink) {
        Map<String, Object> props = config.historyReaderProperties("mgmt-agent-view");
        props.put(
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                10_000); // fail in seconds, not a minute, when Kafka is unreachable
        // No look-back (a one-shot command): from the end, without asking where "now" is by time.
        TopicTail.Start window = lookback.isZero()
                ? TopicTail.Start.END
                : TopicTail.Start.since(Instant.now().minus(lookback));
        Map<String, TopicTail.Start> starts = new LinkedHashMap<>();
        starts.put(topics.hellos().name(), TopicTail.Start.BEGINNING);
        starts.put(topics.requests().name(), window);
        starts.put(topics.responses().name(), window);
        starts.put(topics.outcomes().name(), window);
        starts.put(topics.deadLetter().name(), TopicTail.Start.END); // counts dead letters from now on
        try {
            this.tail = TopicTail.follow(
                    "bus-view",
                    new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer()),
                    starts,
                    (record, live) -> apply(sink, record, live));
        } catch (TimeoutException e) {
            throw new IllegalStateException(
                    "cannot reach Kafka at " + config.bootstrapServers() + " (" + e.getMessage() + ")"
                            + config.unreachableHint(),
                    e);
        }
    }

    private static boolean apply(Sink sink, ConsumerRecord<byte[], byte[]> record, boolean live) {
        try {
            sink.apply(record, live);
            return true;
        } catch (SchemaRegistryException e) {
            log.warn(
                    "view cannot decode {}-{}@{} for now, will retry: {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    e.getMessage());
            return false;
        }
    }

    boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return tail.awaitCaughtUp(timeout);
    }

    String failure() {
        String failure = tail.failure();
        return failure == null ? null : "the agent's view of the bus stopped reading: " + failure;
    }

    @Override
    public void close() {
        tail.close();
    }
}
