package io.mgmtbus.history.audit;

import io.mgmtbus.contracts.topics.BusTopics;
import io.mgmtbus.contracts.topics.Topic;
import io.mgmtbus.events.RequestLocation;
import io.mgmtbus.schemas.wire.WireFormatException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks a reqid up in the request index the streams-app keeps ({@code mgmt.index.requests}): one
 * partition of a compacted topic, the one its key hashes to, read to its end. Only records with
 * the reqid's key are decoded, so the cost is reading that partition's bytes, not the history.
 */
final class RequestLocations {

    private static final Logger log = LoggerFactory.getLogger(RequestLocations.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private RequestLocations() {}

    /** The latest entry for {@code reqid}, or empty when the index has none (or does not exist yet). */
    static Optional<RequestLocation> find(Consumer<byte[], byte[]> consumer, BusTopics topics, String reqid) {
        Topic<String, RequestLocation> index = topics.requestIndex();
        if (consumer.partitionsFor(index.name()).isEmpty()) {
            return Optional.empty();
        }
        TopicPartition partition = new TopicPartition(index.name(), BusTopics.indexPartition(reqid));
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        long end = consumer.endOffsets(List.of(partition)).get(partition);
        byte[] key = index.serializeKey(reqid);
        byte[] latest = null;
        while (consumer.position(partition) < end) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                if (record.offset() < end && Arrays.equals(key, record.key())) {
                    latest = record.value();
                }
            }
        }
        if (latest == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(index.deserializeValue(latest));
        } catch (WireFormatException e) {
            // Any client can write to the topic: an unreadable entry is no entry, and the lookup falls back to a scan.
            log.warn("request index entry of {} is unreadable ({}): treated as not indexed", reqid, e.getMessage());
            return Optional.empty();
        }
    }
}
