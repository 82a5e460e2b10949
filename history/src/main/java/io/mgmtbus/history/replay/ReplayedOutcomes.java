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
    private final TopicTail tail;

    ReplayedOutcomes(BusConfig target, BusTopics topics) {
        this.topics = topics;
        this.tail = TopicTail.follow(
                "replay-outcomes",
                new KafkaConsumer<>(
                        target.historyReaderProperties("mgmt-replay"),
                        new ByteArrayDeserializer(),
                        new ByteArrayDeserializer()),
                Map.of(topics.outcomes().name(), TopicTail.Start.END),
                (record, live) -> take(record));
    }

    /** The outcome of {@code reqid}, once it closes; ask before the request is sent. */
    CompletableFuture<DispatchOutcome> of(String reqid) {
        return awaited.computeIfAbsent(reqid, r -> new CompletableFuture<>());
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
