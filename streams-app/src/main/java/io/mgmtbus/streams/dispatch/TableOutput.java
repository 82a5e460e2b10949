package io.mgmtbus.streams.dispatch;

import io.mgmtbus.events.DispatchOutcome;
import io.mgmtbus.events.NodeDispatchRequest;
import io.mgmtbus.events.RequestLocation;
import io.mgmtbus.streams.outcome.Routed;
import io.mgmtbus.streams.outcome.RoutedOutcome;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Where the request table's decisions go: its task's sinks. An outcome goes to the task's
 * partition number of the outcome topic (the request's), and so does a rollout's wave on the
 * request topic; an index entry to the request index.
 *
 * <p>Outcomes and waves are what someone waits for (an operator, the nodes of the next wave), and
 * read_committed readers see them only once their transaction commits: each asks Kafka Streams to
 * commit as soon as the records at hand are processed (at most every {@link #COMMIT_GAP} per
 * processor), instead of at the next commit interval. So
 * the interval can stay long (Streams' 100 ms), and a broadcast's thousands of answers, which
 * nobody waits for one by one, share a few commits.
 */
final class TableOutput {

    /** The least time between two commits this processor asks for. */
    static final Duration COMMIT_GAP = Duration.ofMillis(5);

    private final ProcessorContext<String, Routed> context;
    private long lastAsk = Long.MIN_VALUE / 2;
    private Cancellable owed;

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
        askCommit();
    }

    void wave(NodeDispatchRequest wave, Instant now) {
        context.forward(
                new Record<String, Routed>(
                        wave.getReqid(), new Routed.Wave(wave, context.taskId().partition()), now.toEpochMilli()),
                Routed.WAVES_SINK);
        askCommit();
    }

    /**
     * Asks for a commit now, or, when this processor asked less than {@link #COMMIT_GAP} ago, once
     * that gap has passed: a thread asked to commit after every outcome of a pipelined load commits
     * after every record (Kafka Streams halves the records it processes per loop after each commit),
     * and answers/s fell by half.
     */
    private void askCommit() {
        long now = context.currentSystemTimeMs();
        long wait = lastAsk + COMMIT_GAP.toMillis() - now;
        if (wait <= 0) {
            lastAsk = now;
            context.commit();
        } else if (owed == null) {
            owed = context.schedule(Duration.ofMillis(wait), PunctuationType.WALL_CLOCK_TIME, at -> {
                owed.cancel();
                owed = null;
                lastAsk = at;
                context.commit();
            });
        }
    }

    /** Drops an owed commit ask: the processor is closing. */
    void close() {
        if (owed != null) {
            owed.cancel();
            owed = null;
        }
    }

    void located(RequestLocation location, Instant now) {
        context.forward(
                new Record<String, Routed>(location.getReqid(), new Routed.Location(location), now.toEpochMilli()),
                Routed.INDEX_SINK);
    }
}
