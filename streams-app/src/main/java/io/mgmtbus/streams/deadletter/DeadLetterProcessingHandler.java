package io.mgmtbus.streams.deadletter;

import io.mgmtbus.contracts.deadletter.DeadLetter;
import io.mgmtbus.contracts.records.RefusedRecord;
import io.mgmtbus.contracts.topics.Topic;
import io.mgmtbus.streams.hello.NodeTableUpdater;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record that makes a processor throw would fail the stream thread again after every restart
 * (a crash loop). Instead its source bytes go to the dead-letter topic with the reason, and
 * processing goes on with the next record. A {@link RefusedRecord} is an expected refusal
 * (logged as a warning); anything else is a bug worth a stack trace.
 *
 * <p>The global node-table thread cannot produce (Kafka Streams has no record collector there),
 * so for it the handler only logs and resumes; the guard topology dead-letters bad hellos.
 */
public final class DeadLetterProcessingHandler implements ProcessingExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterProcessingHandler.class);

    private Topic<byte[], byte[]> deadLetter;

    @Override
    public void configure(Map<String, ?> configs) {
        deadLetter = DeadLetterDeserializationHandler.deadLetterTopic(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        if (record == null || context.topic() == null) {
            // A punctuation (the timeout sweep) failed: there is no input record to set aside.
            // Fail, so the thread is replaced, and the app reports it if that keeps happening.
            log.error("{} failed outside any input record", context.processorNodeId(), exception);
            return Response.fail();
        }
        String where = context.topic() + "-" + context.partition() + "@" + context.offset();
        if (NodeTableUpdater.PROCESSOR.equals(context.processorNodeId())) {
            log.error("node table skips {}: {}", where, exception.toString(), exception);
            return Response.resume();
        }
        String reason;
        if (exception instanceof RefusedRecord) {
            reason = exception.getMessage();
            log.warn("{} goes to the dead-letter topic: {}", where, reason);
        } else {
            reason = "processing failed in " + context.processorNodeId() + ": " + exception;
            log.error("{} goes to the dead-letter topic: {}", where, reason, exception);
        }
        return Response.resume(List.of(DeadLetter.of(
                deadLetter,
                context.topic(),
                context.partition(),
                context.offset(),
                context.sourceRawKey(),
                context.sourceRawValue(),
                DeadLetterDeserializationHandler.COMPONENT,
                reason)));
    }
}
