package io.mgmtbus.streams.dispatch;

import io.mgmtbus.events.DispatchOutcome;
import io.mgmtbus.events.NodeDispatchRequest;
import io.mgmtbus.events.RequestLocation;
import io.mgmtbus.streams.outcome.Routed;
import io.mgmtbus.streams.outcome.RoutedOutcome;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Where the request table's decisions go: its task's sinks. An outcome goes to the task's
 * partition number of the outcome topic (the request's), and so does a rollout's wave on the
 * request topic; an index entry to the request index.
 */
final class TableOutput {

    private final ProcessorContext<String, Routed> context;

    TableOutput(ProcessorContext<String, Routed> context) {
        this.context = context;
    }

    void outcome(DispatchOutcome outcome, Instant now) {
        context.forward(
                new Record<String, Routed>(
                        outcome.getReqid(),
                        new RoutedOutcome(outcome, context.taskId().partition()),
                        now.toEpochMilli()),
                Routed.OUTCOMES_SINK);
    }

    void wave(NodeDispatchRequest wave, Instant now) {
        context.forward(
                new Record<String, Routed>(
                        wave.getReqid(), new Routed.Wave(wave, context.taskId().partition()), now.toEpochMilli()),
                Routed.WAVES_SINK);
    }

    void located(RequestLocation location, Instant now) {
        context.forward(
                new Record<String, Routed>(location.getReqid(), new Routed.Location(location), now.toEpochMilli()),
                Routed.INDEX_SINK);
    }
}
