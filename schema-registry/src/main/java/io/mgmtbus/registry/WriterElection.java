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
 * times out. If the membership itself fails (the coordinator refuses, a fatal client error), the
 * instance stands down and joins again a few seconds later.
 */
final class WriterElection implements AutoCloseable {

    /** How long a silent writer keeps the job: the failover time after a crash. */
    static final Duration SESSION_TIMEOUT = Duration.ofSeconds(10);

    private static final Duration REJOIN_DELAY = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(WriterElection.class);

    /** What the instance does when it wins or loses; called on the election's own thread, and quickly. */
    interface Outcome {
        /** Chosen in the group's {@code generation}: later generations choose later writers. */
        void elected(int generation);

        void deposed();
    }

    private final TopicPartition partition;
    private final Map<String, Object> config;
    private final Outcome outcome;
    private final CountDownLatch firstRound = new CountDownLatch(1);
    private final Thread thread;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile boolean running = true;
    /** Set by {@link #resign}: leave the group, wait, and join again. */
    private volatile boolean resigning;

    private WriterElection(Map<String, Object> kafkaClient, String topic, String groupId, Outcome outcome) {
        this.partition = new TopicPartition(topic, 0);
        this.outcome = outcome;
        this.config = new HashMap<>(kafkaClient);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) SESSION_TIMEOUT.toMillis());
        config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) SESSION_TIMEOUT.toMillis() / 4);
        // Sticky: an instance joining does not take the job from a healthy writer.
        config.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        this.thread = new Thread(this::run, "schema-registry-election");
        thread.setDaemon(true);
    }

    /** Joins the group on {@code topic} as a candidate; {@code outcome} hears when this instance wins or loses. */
    static WriterElection join(Map<String, Object> kafkaClient, String topic, String groupId, Outcome outcome) {
        WriterElection election = new WriterElection(kafkaClient, topic, groupId, outcome);
        election.thread.start();
        return election;
    }

    /** Waits until this instance's first election round is over (it won or another member holds the job). */
    boolean awaitFirstRound(Duration timeout) throws InterruptedException {
        return firstRound.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void run() {
        while (running) {
            try (KafkaConsumer<byte[], byte[]> member =
                    new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                consumer = member;
                member.subscribe(List.of(partition.topic()), new Listener(member));
                while (running && !resigning) {
                    member.poll(Duration.ofMillis(500));
                }
            } catch (WakeupException stopping) {
                // close() woke us; closing the consumer left the group, so another instance takes over at once
            } catch (Throwable e) {
                outcome.deposed();
                if (running) {
                    log.error(
                            "schema registry writer election failed (joining again in {}s): {}",
                            REJOIN_DELAY.toSeconds(),
                            e.toString(),
                            e);
                    sleep(REJOIN_DELAY);
                }
            }
            if (resigning) {
                resigning = false; // the consumer closed, so the group has chosen another member
                sleep(REJOIN_DELAY);
            }
        }
        firstRound.countDown();
    }

    /** Leaves the group for a few seconds (so another instance is chosen), then joins again. */
    void resign() {
        resigning = true;
    }

    private final class Listener implements ConsumerRebalanceListener {
        private final KafkaConsumer<byte[], byte[]> member;

        Listener(KafkaConsumer<byte[], byte[]> member) {
            this.member = member;
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
            member.pause(assigned);
            if (assigned.contains(partition)) {
                int generation = member.groupMetadata().generationId();
                log.info(
                        "elected schema registry writer (group {}, generation {})",
                        config.get(ConsumerConfig.GROUP_ID_CONFIG),
                        generation);
                outcome.elected(generation);
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
    }

    /** Sleeps in short steps, so close() is not kept waiting (an interrupt could cut a consumer's goodbye short). */
    private void sleep(Duration delay) {
        long deadline = System.nanoTime() + delay.toNanos();
        while (running && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                running = false;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        KafkaConsumer<byte[], byte[]> member = consumer;
        if (member != null) {
            member.wakeup();
        }
        try {
            thread.join(15_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
