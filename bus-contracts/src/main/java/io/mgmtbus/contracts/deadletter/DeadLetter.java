package io.mgmtbus.contracts.deadletter;

import io.mgmtbus.contracts.topics.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;

/**
 * Builds the dead-letter copy of a record nobody could process: the original key and value
 * bytes untouched, with headers saying where the record came from and why it was refused.
 */
public final class DeadLetter {

    public static final String SOURCE_TOPIC = "mgmt.dlq.source.topic";
    public static final String SOURCE_PARTITION = "mgmt.dlq.source.partition";
    public static final String SOURCE_OFFSET = "mgmt.dlq.source.offset";
    public static final String REASON = "mgmt.dlq.reason";
    public static final String COMPONENT = "mgmt.dlq.component";
    public static final String FAILED_AT = "mgmt.dlq.failed.at";

    private DeadLetter() {}

    public static ProducerRecord<byte[], byte[]> of(
            Topic<byte[], byte[]> deadLetterTopic,
            ConsumerRecord<byte[], byte[]> source,
            String component,
            String reason) {
        return of(
                deadLetterTopic,
                source.topic(),
                source.partition(),
                source.offset(),
                source.key(),
                source.value(),
                component,
                reason);
    }

    public static ProducerRecord<byte[], byte[]> of(
            Topic<byte[], byte[]> deadLetterTopic,
            String topic,
            int partition,
            long offset,
            byte[] key,
            byte[] value,
            String component,
            String reason) {
        ProducerRecord<byte[], byte[]> record = deadLetterTopic.record(key, value);
        addHeaders(record.headers(), topic, partition, offset, component, reason);
        return record;
    }

    /** Adds the dead-letter headers to {@code headers} (for code that forwards records itself, like a topology). */
    public static Headers addHeaders(
            Headers headers, String topic, int partition, long offset, String component, String reason) {
        headers.add(SOURCE_TOPIC, utf8(topic));
        headers.add(SOURCE_PARTITION, utf8(Integer.toString(partition)));
        headers.add(SOURCE_OFFSET, utf8(Long.toString(offset)));
        headers.add(REASON, utf8(reason));
        headers.add(COMPONENT, utf8(component));
        headers.add(FAILED_AT, utf8(Instant.now().toString()));
        return headers;
    }

    /** Reads a header written by {@link #of}, or null. */
    public static String header(Headers headers, String name) {
        var header = headers.lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
