package io.mgmtbus.node.dispatch;

import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.records.RecordRules;
import io.mgmtbus.contracts.topics.BusTopics;
import io.mgmtbus.events.DispatchCancel;
import io.mgmtbus.schemas.wire.WireFormatException;
import io.mgmtbus.topics.TopicTail;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the cancel topic on a thread of its own, so a cancel that arrives while the node works
 * through a batch of requests still stops those of the batch it has not started. Every start
 * reads the cancels of the catch-up window again (no offsets are committed), so a restart
 * forgets none; the node answers nothing until they are read. A cancel that does not decode is
 * skipped (the streams-app dead-letters it); a registry it cannot reach is waited for, the
 * cancel read again, and the node keeps answering meanwhile.
 */
final class CancelWatch implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CancelWatch.class);

    private final BusConfig config;
    private final BusTopics topics;
    private final String node;
    private final String clientId;
    private final CancelledRequests cancelled = new CancelledRequests();
    private TopicTail tail; // set by start(), under the watch's lock
    private boolean closed;

    CancelWatch(BusConfig config, BusTopics topics, String node, String clientId) {
        this.config = config;
        this.topics = topics;
        this.node = node;
        this.clientId = clientId;
    }

    /**
     * Starts reading the cancels stamped since {@code since}. Its metadata calls may take a while
     * when Kafka is slow: a watch closed meanwhile closes the tail it started at once.
     */
    void start(Instant since) {
        TopicTail started = TopicTail.follow(
                "node-cancels-" + node,
                new KafkaConsumer<>(
                        config.followerProperties(clientId), new ByteArrayDeserializer(), new ByteArrayDeserializer()),
                Map.of(topics.cancels().name(), TopicTail.Start.since(since)),
                (record, live) -> remember(record));
        synchronized (this) {
            if (!closed) {
                tail = started;
                return;
            }
        }
        started.close();
    }

    /** Waits until the cancels that were on the topic at start have been read. */
    boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        TopicTail started;
        synchronized (this) {
            started = tail;
        }
        return started != null && started.awaitCaughtUp(timeout);
    }

    boolean isCancelled(String reqid) {
        return cancelled.contains(reqid);
    }

    /** Remembers one cancel; false when it must be read again later (the registry could not be asked). */
    private boolean remember(ConsumerRecord<byte[], byte[]> record) {
        try {
            DispatchCancel cancel = topics.cancels().deserializeValue(record.value());
            if (RecordRules.cancel(topics.cancels().deserializeKey(record.key()), cancel)
                    .isEmpty()) {
                cancelled.add(cancel.getReqid(), cancel.getRequestedAt());
                log.debug("node {} saw the cancel of {}", node, cancel.getReqid());
            }
            return true;
        } catch (WireFormatException e) {
            log.debug(
                    "node {} skips an undecodable cancel at {}-{}@{}",
                    node,
                    record.topic(),
                    record.partition(),
                    record.offset());
            return true;
        } catch (KafkaException e) {
            log.warn(
                    "node {} cannot read the cancel at {}-{}@{} for now, will retry: {}",
                    node,
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    e.getMessage());
            return false;
        }
    }

    @Override
    public void close() {
        TopicTail started;
        synchronized (this) {
            closed = true;
            started = tail;
        }
        if (started != null) {
            started.close();
        }
    }
}
