package io.mgmtbus.registry;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Elects one writer among the registry instances sharing a schema log, through Kafka's group
 * coordinator as Confluent's registry does: every instance joins one consumer group on the
 * single-partition log, and the member holding partition 0 is the writer. The partition is paused
 * at once (membership is all that matters, nothing is fetched). A writer that stops cleanly
 * leaves the group and another is chosen at once; one that dies is replaced when its session
 * times out.
 */
final class WriterElection implements AutoCloseable {

    /** How long a silent writer keeps the job: the failover time after a crash. */
    static final Duration SESSION_TIMEOUT = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(WriterElection.class);

    /** What the instance does when it wins or loses; called on the election's own thread. */
    interface Outcome {
        void elected();

        void deposed();
    }

    private final TopicPartition partition;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Outcome outcome;
    private final Thread thread;
    private final CountDownLatch firstRound = new CountDownLatch(1);
    private volatile boolean running = true;

    WriterElection(Map<String, Object> kafkaClient, String topic, String groupId, Outcome outcome) {
        this.partition = new TopicPartition(topic, 0);
        this.outcome = outcome;
        Map<String, Object> config = new HashMap<>(kafkaClient);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) SESSION_TIMEOUT.toMillis());
        config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) SESSION_TIMEOUT.toMillis() / 4);
        // Sticky: an instance joining does not take the job from a healthy writer.
        config.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::run, "schema-registry-election");
        thread.setDaemon(true);
        thread.start();
    }

    /** Waits until this instance's first election round is over (it won or another member holds the job). */
    boolean awaitFirstRound(Duration timeout) throws InterruptedException {
        return firstRound.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void run() {
        try {
            consumer.subscribe(List.of(partition.topic()), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
                    consumer.pause(assigned);
                    if (assigned.contains(partition)) {
                        log.info(
                                "elected schema registry writer (group {})",
                                consumer.groupMetadata().groupId());
                        outcome.elected();
                    }
                    firstRound.countDown();
                }

                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
                    if (revoked.contains(partition)) {
                        log.info("no longer the schema registry writer");
                        outcome.deposed();
                    }
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> lost) {
                    onPartitionsRevoked(lost);
                }
            });
            while (running) {
                consumer.poll(Duration.ofMillis(500));
            }
        } catch (WakeupException stopping) {
            // close() woke us
        } catch (RuntimeException e) {
            log.error("schema registry writer election stopped: {}", e.toString(), e);
            outcome.deposed();
        } finally {
            firstRound.countDown();
            consumer.close(); // leaves the group, so another instance takes over at once
        }
    }

    boolean running() {
        return thread.isAlive();
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(15_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
