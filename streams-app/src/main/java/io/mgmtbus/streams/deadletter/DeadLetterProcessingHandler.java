package io.mgmtbus.streams.deadletter;

import io.mgmtbus.contracts.deadletter.DeadLetter;
import io.mgmtbus.contracts.topics.Topic;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record that makes a processor throw would fail the stream thread again after every restart
 * (a crash loop). Instead its source bytes go to the dead-letter topic with the reason, and
 * processing goes on with the next record.
 */
public final class DeadLetterProcessingHandler implements ProcessingExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterProcessingHandler.class);

    private Topic<byte[], byte[]> deadLetter;

    @Override
    public void configure(Map<String, ?> configs) {
        Object name = configs.get(DeadLetterDeserializationHandler.TOPIC_CONFIG);
        if (name == null) {
            throw new IllegalArgumentException(DeadLetterDeserializationHandler.TOPIC_CONFIG + " is not configured");
        }
        deadLetter = new Topic<>(name.toString(), Serdes.ByteArray(), Serdes.ByteArray());
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        String reason = "processing failed in " + context.processorNodeId() + ": " + exception;
        log.error("{}-{}@{} goes to the dead-letter topic: {}", context.topic(), context.partition(), context.offset(), reason, exception);
        return Response.resume(List.of(DeadLetter.of(deadLetter, context.topic(), context.partition(), context.offset(),
                context.sourceRawKey(), context.sourceRawValue(), "streams-app", reason)));
    }
}
