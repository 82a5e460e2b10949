package io.mgmtbus.streams.dispatch;

import io.mgmtbus.events.DispatchOutcome;
import io.mgmtbus.events.PendingDispatch;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Emits a request's one outcome and leaves a small closed marker in the store. */
final class Closing {

    private static final Logger log = LoggerFactory.getLogger(Closing.class);

    private Closing() {}

    static void close(ProcessorContext<String, Object> context, PendingDispatches pending,
                      PendingDispatch entry, DispatchOutcome outcome, Instant now) {
        context.forward(new Record<>(entry.getReqid(), (Object) outcome, now.toEpochMilli()), RequestProcessor.OUTCOMES_SINK);
        // The marker refuses late or replayed answers until it is forgotten; it needs no results.
        entry.setClosedAt(now);
        entry.setAnswers(List.of());
        entry.setUnknown(List.of());
        pending.put(entry);
        log.info("request {} closed {}: {} ok, {} errors", entry.getReqid(), outcome.getState(),
                outcome.getSuccessCount(), outcome.getErrorCount());
    }
}
