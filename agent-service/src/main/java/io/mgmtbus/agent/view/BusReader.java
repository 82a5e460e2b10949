package io.mgmtbus.agent.view;

import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.topics.BusTopics;
import io.mgmtbus.schemas.registry.SchemaRegistryException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the bus topics for the view on a thread of its own, without a consumer group: hellos
 * from the beginning (compacted), requests, responses and outcomes from a look-back window
 * (seeking by time, never scanning), dead letters from now on. A record whose schema the
 * registry cannot give for now is read again after a pause, not skipped.
 */
final class BusReader implements AutoCloseable {

    /** Where read records go; {@code live} is false while the reader catches up on history. */
    interface Sink {
        void apply(ConsumerRecord<byte[], byte[]> record, boolean live);
    }

    private static final Duration RETRY_BACKOFF = Duration.ofSeconds(1);
    private static final Logger log = LoggerFactory.getLogger(BusReader.class);

    private final BusTopics topics;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Sink sink;
    private final Thread thread;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile String failure;

    BusReader(BusConfig config, BusTopics topics, Duration lookback, Sink sink) {
        this.topics = topics;
        this.sink = sink;
        Map<String, Object> props = config.historyReaderProperties("mgmt-agent-view");
        props.put(
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                10_000); // fail in seconds, not a minute, when Kafka is unreachable
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        Map<TopicPartition, Long> ends;
        try {
            ends = position(lookback);
        } catch (TimeoutException e) {
            consumer.close();
            throw new IllegalStateException(
                    "cannot reach Kafka at " + config.bootstrapServers() + " (" + e.getMessage() + ")"
                            + (config.clientSettings().containsKey("security.protocol")
                                    ? ""
                                    // A SASL listener drops a plaintext client without a word: it looks like a timeout.
                                    : "; if the cluster is secured, pass --command-config with your role's properties"),
                    e);
        }
        this.thread = new Thread(() -> read(ends), "bus-view");
        thread.setDaemon(true);
        thread.start();
    }

    private Map<TopicPartition, Long> position(Duration lookback) {
        List<TopicPartition> all = new ArrayList<>();
        for (String topic : List.of(
                topics.hellos().name(),
                topics.requests().name(),
                topics.responses().name(),
                topics.outcomes().name(),
                topics.deadLetter().name())) {
            consumer.partitionsFor(topic).forEach(p -> all.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(all);
        Map<TopicPartition, Long> ends = consumer.endOffsets(all);
        Map<TopicPartition, Long> since = new HashMap<>();
        long from = Instant.now().minus(lookback).toEpochMilli();
        for (TopicPartition p : all) {
            if (p.topic().equals(topics.hellos().name())) {
                consumer.seekToBeginning(List.of(p));
            } else if (p.topic().equals(topics.deadLetter().name())) {
                consumer.seek(p, ends.get(p)); // counts dead letters from now on
            } else {
                since.put(p, from);
            }
        }
        Map<TopicPartition, OffsetAndTimestamp> byTime = consumer.offsetsForTimes(since);
        since.keySet()
                .forEach(p ->
                        consumer.seek(p, byTime.get(p) != null ? byTime.get(p).offset() : ends.get(p)));
        return ends;
    }

    private void read(Map<TopicPartition, Long> ends) {
        try {
            while (running) {
                if (!applyAll(consumer.poll(Duration.ofMillis(100)))) {
                    Thread.sleep(RETRY_BACKOFF.toMillis());
                }
                if (caughtUp.getCount() > 0
                        && ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                    caughtUp.countDown();
                }
            }
        } catch (WakeupException stopping) {
            // close()
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure = "the agent's view of the bus stopped reading: " + e;
            log.error(failure, e);
        } finally {
            consumer.close();
        }
    }

    /**
     * Applies a batch; false when the registry could not be asked, in which case each partition
     * is rewound to its first record not applied, to be read again after a pause.
     */
    private boolean applyAll(ConsumerRecords<byte[], byte[]> batch) {
        boolean complete = true;
        for (TopicPartition partition : batch.partitions()) {
            for (ConsumerRecord<byte[], byte[]> record : batch.records(partition)) {
                try {
                    sink.apply(record, caughtUp.getCount() == 0);
                } catch (SchemaRegistryException e) {
                    log.warn(
                            "view cannot decode {}-{}@{} for now, will retry: {}",
                            record.topic(),
                            record.partition(),
                            record.offset(),
                            e.getMessage());
                    consumer.seek(partition, record.offset());
                    complete = false;
                    break;
                }
            }
        }
        return complete;
    }

    boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    String failure() {
        return failure;
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
