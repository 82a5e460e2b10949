package io.mgmtbus.topics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows topics on a thread of its own, without a consumer group, from where {@link Start}
 * placed each partition, and tells when it has caught up with the ends the partitions had when
 * it started. A record the sink cannot take yet (its schema cannot be fetched now, say) is read
 * again after a pause: its partition is rewound to it, so nothing is skipped.
 *
 * <p>The one "read a topic until caught up, then keep following" loop of the bus: the agent's
 * view, a node's cancel watch, a replay's wait for outcomes and the schema registry's log all run
 * on it.
 */
public final class TopicTail implements AutoCloseable {

    /** Where read records go; {@code live} is false while the tail catches up with the ends it started from. */
    @FunctionalInterface
    public interface Sink {
        /** Takes one record; false when it must be read again after a pause. */
        boolean take(ConsumerRecord<byte[], byte[]> record, boolean live);
    }

    /** Places every assigned partition (seek) before the first read; {@code ends} are the partitions' ends now. */
    @FunctionalInterface
    public interface Start {
        void place(Consumer<byte[], byte[]> consumer, List<TopicPartition> partitions, Map<TopicPartition, Long> ends);

        /** Every partition from its beginning. */
        Start BEGINNING = (consumer, partitions, ends) -> consumer.seekToBeginning(partitions);

        /** Only what is written from now on. */
        Start END = (consumer, partitions, ends) -> partitions.forEach(p -> consumer.seek(p, ends.get(p)));

        /** From the first record stamped at or after {@code since} (found by time, never by scanning). */
        static Start since(Instant since) {
            return (consumer, partitions, ends) ->
                    Offsets.at(consumer, partitions, since, ends).forEach(consumer::seek);
        }
    }

    /** Told after each poll how far the tail has read, and once when it stops; each is optional. */
    public interface Progress {
        /** The position (next offset to read) of every partition, after the records before it were taken. */
        default void readUpTo(Map<TopicPartition, Long> positions) {}

        /** The tail stopped: {@code failure} says why, or is null after {@link #close()}. */
        default void stopped(String failure) {}

        Progress NONE = new Progress() {};
    }

    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration NEW_TOPIC_PATIENCE = Duration.ofSeconds(2);
    private static final Duration RETRY_BACKOFF = Duration.ofSeconds(1);
    private static final Logger log = LoggerFactory.getLogger(TopicTail.class);

    private final Consumer<byte[], byte[]> consumer;
    private final Sink sink;
    private final Progress progress;
    private final Map<TopicPartition, Long> ends;
    private final Thread thread;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile String failure;

    private TopicTail(
            String name,
            Consumer<byte[], byte[]> consumer,
            Map<TopicPartition, Long> ends,
            Sink sink,
            Progress progress) {
        this.consumer = consumer;
        this.ends = ends;
        this.sink = sink;
        this.progress = progress;
        this.thread = new Thread(this::follow, name);
        thread.setDaemon(true);
    }

    /**
     * Assigns every partition of {@code topics} to {@code consumer} (which the tail owns from now
     * on and closes), places them with {@code start} and follows them on a thread named
     * {@code name}. Metadata and placement happen on the caller's thread, so an unreachable
     * Kafka fails here, at once.
     */
    public static TopicTail follow(
            String name, Consumer<byte[], byte[]> consumer, Map<String, Start> topics, Sink sink) {
        return follow(name, consumer, topics, sink, Progress.NONE);
    }

    /** Like {@link #follow(String, Consumer, Map, Sink)}, telling {@code progress} how far it read. */
    public static TopicTail follow(
            String name, Consumer<byte[], byte[]> consumer, Map<String, Start> topics, Sink sink, Progress progress) {
        try {
            List<TopicPartition> all = partitionsOf(consumer, topics.keySet());
            if (all.isEmpty()) {
                throw new IllegalStateException("no partitions for " + topics.keySet() + ": do these topics exist?");
            }
            consumer.assign(all);
            Map<TopicPartition, Long> ends = consumer.endOffsets(all);
            for (Map.Entry<String, Start> topic : topics.entrySet()) {
                List<TopicPartition> partitions = all.stream()
                        .filter(p -> p.topic().equals(topic.getKey()))
                        .toList();
                topic.getValue().place(consumer, partitions, ends);
            }
            // Resolve lazy seeks (to the beginning, by time) now: otherwise the first fetch waits them out.
            all.forEach(consumer::position);
            TopicTail tail = new TopicTail(name, consumer, ends, sink, progress);
            tail.thread.start();
            return tail;
        } catch (RuntimeException e) {
            consumer.close(Duration.ZERO);
            throw e;
        }
    }

    /**
     * The topics' partitions. A topic created a moment ago (by this process or another) may not be
     * known to the broker asked yet: one that has none is asked about again, briefly.
     */
    private static List<TopicPartition> partitionsOf(Consumer<byte[], byte[]> consumer, Set<String> topics) {
        long deadline = System.nanoTime() + NEW_TOPIC_PATIENCE.toNanos();
        List<TopicPartition> all = new ArrayList<>();
        Set<String> unknown = new LinkedHashSet<>(topics);
        while (true) {
            for (Iterator<String> topic = unknown.iterator(); topic.hasNext(); ) {
                String name = topic.next();
                List<TopicPartition> partitions = consumer.partitionsFor(name).stream()
                        .map(p -> new TopicPartition(name, p.partition()))
                        .toList();
                if (!partitions.isEmpty()) {
                    all.addAll(partitions);
                    topic.remove();
                }
            }
            if (unknown.isEmpty() || System.nanoTime() > deadline) {
                return all;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return all;
            }
        }
    }

    private void follow() {
        try {
            while (running) {
                // Checked before each poll: partitions already at their end are caught up without a fetch.
                if (caughtUp.getCount() > 0
                        && ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                    caughtUp.countDown();
                }
                if (!takeAll(consumer.poll(POLL))) {
                    Thread.sleep(RETRY_BACKOFF.toMillis());
                }
                if (progress != Progress.NONE) {
                    Map<TopicPartition, Long> positions = new HashMap<>();
                    ends.keySet().forEach(p -> positions.put(p, consumer.position(p)));
                    progress.readUpTo(positions);
                }
            }
        } catch (WakeupException stopping) {
            // close()
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) { // an Error too: whoever waits on the tail must hear it stopped
            failure = e.toString();
            log.error("{} stopped reading: {}", thread.getName(), failure, e);
        } finally {
            consumer.close(Duration.ZERO);
            progress.stopped(failure);
        }
    }

    /** Gives a batch to the sink; false when a record must be read again, its partition rewound to it. */
    private boolean takeAll(ConsumerRecords<byte[], byte[]> batch) {
        boolean complete = true;
        boolean live = caughtUp.getCount() == 0;
        for (TopicPartition partition : batch.partitions()) {
            for (ConsumerRecord<byte[], byte[]> record : batch.records(partition)) {
                if (!sink.take(record, live)) {
                    consumer.seek(partition, record.offset());
                    complete = false;
                    break;
                }
            }
        }
        return complete;
    }

    /** Waits until the records that were on the topics at start have been read. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Why the tail stopped on its own (the exception), or null while it reads or after {@link #close()}. */
    public String failure() {
        return failure;
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
