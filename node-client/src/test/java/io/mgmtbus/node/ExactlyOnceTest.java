package io.mgmtbus.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.mgmtbus.events.NodeDispatchResponse;
import io.mgmtbus.node.dispatch.DispatchHooks;
import io.mgmtbus.testkit.TopicRecorder;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A node that dies after running an action and sending its answer, but before its transaction
 * commits, answers that request exactly once after it restarts: the first answer is aborted,
 * the request is read again from the last committed offset, and a read_committed reader sees
 * one answer.
 */
class ExactlyOnceTest {

    /** Stands for the process dying: an Error the dispatch loop does not catch, so nothing is aborted or committed. */
    static final class SimulatedCrash extends Error {
        SimulatedCrash() {
            super("simulated crash between produce and commit");
        }
    }

    /** Hooks that crash the node once it has answered something, before that batch is committed. */
    static DispatchHooks crashBeforeCommit(CountDownLatch crashed) {
        return new DispatchHooks() {
            @Override
            public void beforeCommit(int answers) {
                if (answers > 0) {
                    crashed.countDown();
                    throw new SimulatedCrash();
                }
            }
        };
    }

    private final NodeFixture fixture = new NodeFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void aNodeCrashingBeforeCommitAnswersExactlyOnceAfterRestart() throws Exception {
        AtomicInteger executions = new AtomicInteger();
        CountDownLatch crashed = new CountDownLatch(1);
        fixture.track(fixture.nodeBuilder("worker-01")
                .action("count", args -> executions.incrementAndGet())
                .dispatchHooks(crashBeforeCommit(crashed))
                .start());

        String reqid = fixture.dispatch(List.of("worker-01"), "count");
        assertThat(crashed.await(30, TimeUnit.SECONDS))
                .as("the node ran the action and crashed before commit")
                .isTrue();
        assertThat(executions).hasValue(1);
        assertThat(fixture.responsesDuring(reqid, Duration.ofSeconds(1)))
                .as("the uncommitted answer is invisible")
                .isEmpty();

        ManagedNode restarted = fixture.track(fixture.nodeBuilder("worker-01")
                .action("count", args -> executions.incrementAndGet())
                .start());

        List<NodeDispatchResponse> answers = fixture.responses(reqid, 1);
        assertThat(answers).hasSize(1);
        assertThat(answers.get(0).getResult().getSuccess()).isTrue();
        assertThat(answers.get(0).getResult().getData()).isEqualTo("2"); // run again after the restart
        assertThat(fixture.responsesDuring(reqid, Duration.ofSeconds(2)))
                .as("still exactly one answer")
                .hasSize(1);
        assertThat(restarted.isFenced()).isFalse();

        // And the restarted node does not answer it yet again on its next restart.
        restarted.close();
        fixture.node("worker-01");
        String later = fixture.dispatch(List.of("worker-01"), "ping");
        fixture.responses(later, 1);
        assertThat(fixture.responsesDuring(reqid, Duration.ofSeconds(1))).hasSize(1);
        assertThat(executions).hasValue(2);
    }

    @Test
    void aSecondProcessWithTheSameNameFencesTheFirstAndOnlyOneAnswers() {
        ManagedNode first = fixture.node("worker-01");
        ManagedNode second = fixture.node("worker-01");

        String reqid = fixture.dispatch(List.of("worker-01"), "ping");

        assertThat(fixture.responses(reqid, 1)).hasSize(1);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(first::isFenced);
        assertThat(second.isFenced()).isFalse();
        assertThat(fixture.responsesDuring(reqid, Duration.ofSeconds(1))).hasSize(1);

        // The fenced one leaves without a tombstone: the name's hello still belongs to the live node.
        first.close();
        try (var hellos = new TopicRecorder<>(fixture.bus, fixture.topics.hellos())) {
            var seen = hellos.during(Duration.ofSeconds(3));
            assertThat(seen).isNotEmpty();
            assertThat(seen.get(seen.size() - 1).value())
                    .as("last hello of worker-01")
                    .isNotNull();
            assertThat(seen.get(seen.size() - 1).value().getStartedAt())
                    .isEqualTo(second.identity().startedAt().truncatedTo(ChronoUnit.MILLIS));
        }
    }
}
