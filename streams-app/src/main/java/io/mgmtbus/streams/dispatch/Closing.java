package io.mgmtbus.streams.dispatch;

import io.mgmtbus.events.DispatchOutcome;
import io.mgmtbus.streams.state.PendingDispatch;
import io.mgmtbus.streams.outcome.RoutedOutcome;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Emits a request's one outcome and leaves only a small closed marker in the stores. */
final class Closing {

    private static final Logger log = LoggerFactory.getLogger(Closing.class);

    private Closing() {}

    static void close(ProcessorContext<String, RoutedOutcome> context, PendingDispatches pending, PendingDispatch entry,
                      DispatchOutcome outcome, Instant now) {
        // The task's partition is the request's partition number: the outcome goes there too.
        context.forward(new Record<>(entry.getReqid(), new RoutedOutcome(outcome, context.taskId().partition()), now.toEpochMilli()));
        // The marker refuses late or replayed answers until it is forgotten; the members are not needed any more.
        entry.setClosedAt(now);
        pending.put(entry);
        pending.deleteMembers(entry.getReqid());
        log.info("request {} closed {}: {} ok, {} errors", entry.getReqid(), outcome.getState(),
                outcome.getSuccessCount(), outcome.getErrorCount());
    }
}
