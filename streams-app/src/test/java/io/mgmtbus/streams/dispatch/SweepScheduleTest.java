package io.mgmtbus.streams.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedPunctuator;
import org.junit.jupiter.api.Test;

/** The request table looks at the wall clock when something is due, and not at all on an idle bus. */
class SweepScheduleTest {

    private static final Duration SPACING = Duration.ofMillis(500);

    private final MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
    private final List<Long> sweeps = new ArrayList<>();

    @Test
    void looksOnceAfterStartingThenOnlyWhenAnEntryIsDue() {
        context.setCurrentSystemTimeMs(1_000);
        SweepSchedule schedule = new SweepSchedule(context, SPACING, sweeps::add);
        assertThat(live()).extracting(CapturedPunctuator::getInterval).containsExactly(SPACING);

        fire();
        schedule.swept(null); // nothing stored: an idle table
        assertThat(live()).as("no beat while nothing is due").isEmpty();

        schedule.dueBy(Instant.ofEpochMilli(31_000));
        assertThat(live()).extracting(CapturedPunctuator::getInterval).containsExactly(Duration.ofSeconds(30));
    }

    @Test
    void anEarlierDueTimeMovesTheLookForwardButNeverCloserThanTheSpacing() {
        context.setCurrentSystemTimeMs(0);
        SweepSchedule schedule = new SweepSchedule(context, SPACING, sweeps::add);
        fire();
        schedule.swept(Instant.ofEpochMilli(60_000));
        schedule.dueBy(Instant.ofEpochMilli(90_000)); // later than planned: changes nothing
        assertThat(live()).extracting(CapturedPunctuator::getInterval).containsExactly(Duration.ofSeconds(60));

        schedule.dueBy(Instant.ofEpochMilli(10));
        assertThat(live()).extracting(CapturedPunctuator::getInterval).containsExactly(SPACING);
    }

    private List<CapturedPunctuator> live() {
        return context.scheduledPunctuators().stream()
                .filter(p -> !p.cancelled())
                .toList();
    }

    private void fire() {
        live().forEach(p -> p.getPunctuator().punctuate(context.currentSystemTimeMs()));
        assertThat(sweeps).isNotEmpty();
    }
}
