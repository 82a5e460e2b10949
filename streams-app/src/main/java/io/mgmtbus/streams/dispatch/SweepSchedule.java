package io.mgmtbus.streams.dispatch;

import java.time.Duration;
import java.time.Instant;
import java.util.function.LongConsumer;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessingContext;

/**
 * When a processor's request table next looks at the wall clock: when the earliest entry it knows
 * of is due, but never sooner than {@code spacing} from when that entry was stored (so a burst of
 * entries costs at most one look per spacing), and not at all while nothing is due. A fixed beat would cost an idle bus an exactly-once commit at every beat, since Kafka Streams
 * commits after every punctuation whether it wrote anything or not.
 *
 * <p>Each of the table's processors keeps its own schedule for the entries it stores; a sweep by any
 * of them handles every due entry of the task, and then schedules the next look at the earliest
 * one still due.
 */
final class SweepSchedule {

    private final ProcessingContext context;
    private final Duration spacing;
    private final LongConsumer sweep;
    private Cancellable scheduled;
    private long scheduledFor = Long.MAX_VALUE;

    /**
     * Looks once after {@code spacing} (for entries kept from before a restart), then as entries
     * come due.
     */
    SweepSchedule(ProcessingContext context, Duration spacing, LongConsumer sweep) {
        this.context = context;
        this.spacing = spacing;
        this.sweep = sweep;
        lookAt(context.currentSystemTimeMs() + spacing.toMillis());
    }

    /** Makes sure the table looks again by {@code due} (or {@code spacing} from now, if later). */
    void dueBy(Instant due) {
        long now = context.currentSystemTimeMs();
        long at = Math.max(due.toEpochMilli(), now + spacing.toMillis());
        if (at < scheduledFor) {
            lookAt(at);
        }
    }

    /** Looks next when {@code nextDue} is due, or never again until an entry comes due (null). */
    void swept(Instant nextDue) {
        scheduledFor = Long.MAX_VALUE;
        cancel();
        if (nextDue != null) {
            dueBy(nextDue);
        }
    }

    private void lookAt(long at) {
        cancel();
        long now = context.currentSystemTimeMs();
        scheduledFor = at;
        scheduled = context.schedule(Duration.ofMillis(Math.max(1, at - now)), PunctuationType.WALL_CLOCK_TIME, t -> {
            scheduledFor = Long.MAX_VALUE; // whatever happens in the sweep, this look is spent
            sweep.accept(t);
        });
    }

    /** Stops looking: the processor is closing (its task may be revived with a new table). */
    void close() {
        scheduledFor = Long.MAX_VALUE;
        cancel();
    }

    private void cancel() {
        if (scheduled != null) {
            scheduled.cancel();
            scheduled = null;
        }
    }
}
