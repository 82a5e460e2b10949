package io.mgmtbus.streams.deadletter;

import io.mgmtbus.contracts.deadletter.DeadLetter;
import io.mgmtbus.contracts.topics.Topic;
import io.mgmtbus.schemas.wire.WireFormatException;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Undecodable input records go to the bus's dead-letter topic, with the bus's headers (source
 * topic, partition, offset, reason), inside the same transaction; the app goes on with the next
 * record instead of failing on the same bytes forever. (The global node table gets here only for
 * failures that are not bad bytes: its source decodes leniently, see {@code HelloReading}.)
 */
public final class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {

    /** Streams config key naming the dead-letter topic (set by the app from its BusTopics). */
    public static final String TOPIC_CONFIG = "mgmt.deadletter.topic";
    /** The component named in the dead letters the streams-app writes. */
    static final String COMPONENT = "streams-app";

    private static final Logger log = LoggerFactory.getLogger(DeadLetterDeserializationHandler.class);

    private Topic<byte[], byte[]> deadLetter;

    @Override
    public void configure(Map<String, ?> configs) {
        deadLetter = deadLetterTopic(configs);
    }

    static Topic<byte[], byte[]> deadLetterTopic(Map<String, ?> configs) {
        Object name = configs.get(TOPIC_CONFIG);
        if (name == null) {
            throw new IllegalArgumentException(TOPIC_CONFIG + " is not configured");
        }
        return new Topic<>(name.toString(), Serdes.ByteArray(), Serdes.ByteArray());
    }

    @Override
    public Response handleError(
            ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        if (!(exception instanceof WireFormatException)) {
            // Not the record's fault (the registry is unreachable, say): dead-lettering would lose a
            // valid record. Fail instead; the thread is replaced and reads the record again.
            log.error(
                    "cannot decode {}-{}@{} for now: {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    exception.toString());
            return Response.fail();
        }
        String reason = "undecodable record: " + exception.getMessage();
        log.warn(
                "{}-{}@{} goes to the dead-letter topic: {}",
                record.topic(),
                record.partition(),
                record.offset(),
                reason);
        return Response.resume(List.of(DeadLetter.of(deadLetter, record, COMPONENT, reason)));
    }
}
