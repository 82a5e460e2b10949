package io.mgmtbus.history.replay;

import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.topics.BusTopics;
import io.mgmtbus.events.DispatchOutcome;
import io.mgmtbus.schemas.registry.SchemaRegistryException;
import io.mgmtbus.schemas.wire.WireFormatException;
import io.mgmtbus.topics.TopicTail;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The target bus's outcomes of replayed requests, followed from the end of its outcome topic as
 * it was before the first replayed request was sent, so none can close unseen.
 */
final class ReplayedOutcomes implements AutoCloseable {

    private final BusTopics topics;
    private final Map<String, CompletableFuture<DispatchOutcome>> awaited = new ConcurrentHashMap<>();
    private final BusConfig target;
    private final TopicTail tail;
    private volatile IllegalStateException failed;

    ReplayedOutcomes(BusConfig target, BusTopics topics) {
        this.topics = topics;
        this.target = target;
        this.tail = TopicTail.follow(
                "replay-outcomes",
                new KafkaConsumer<>(
                        target.historyReaderProperties("mgmt-replay"),
                        new ByteArrayDeserializer(),
                        new ByteArrayDeserializer()),
                Map.of(topics.outcomes().name(), TopicTail.Start.END),
                (record, live) -> take(record),
                new TopicTail.Progress() {
                    @Override
                    public void stopped(String failure) {
                        if (failure != null) {
                            failAll(failure);
                        }
                    }
                });
    }

    /** The outcome of {@code reqid}, once it closes; ask before the request is sent. */
    CompletableFuture<DispatchOutcome> of(String reqid) {
        CompletableFuture<DispatchOutcome> outcome = awaited.computeIfAbsent(reqid, r -> new CompletableFuture<>());
        if (failed != null) {
            outcome.completeExceptionally(failed);
        }
        return outcome;
    }

    /** Nobody waits out the whole --wait for outcomes that can no longer be read: each says why at once. */
    private void failAll(String failure) {
        failed = new IllegalStateException(
                "cannot read the target bus's outcomes on " + target.bootstrapServers() + ": " + failure);
        awaited.values().forEach(outcome -> outcome.completeExceptionally(failed));
    }

    private boolean take(ConsumerRecord<byte[], byte[]> record) {
        try {
            DispatchOutcome outcome = topics.outcomes().deserializeValue(record.value());
            CompletableFuture<DispatchOutcome> waiter = awaited.get(outcome.getReqid());
            if (waiter != null) {
                waiter.complete(outcome);
            }
            return true;
        } catch (WireFormatException notAnOutcome) {
            return true; // the streams-app wrote it, or someone else did: not ours to judge here
        } catch (SchemaRegistryException registryAway) {
            return false;
        }
    }

    @Override
    public void close() {
        tail.close();
    }
}
