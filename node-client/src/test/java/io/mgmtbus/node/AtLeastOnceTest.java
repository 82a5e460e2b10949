package io.mgmtbus.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.mgmtbus.events.NodeDispatchResponse;
import io.mgmtbus.node.dispatch.Delivery;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the fast mode promises, and no more: a node answering at least once that dies after its
 * answer was acknowledged but before its offsets were committed answers again after restart, so
 * the responses topic holds the answer twice (the streams-app counts it once: see
 * DispatchTopologyTest). Without a crash, one answer.
 */
class AtLeastOnceTest {

    private final NodeFixture fixture = new NodeFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void anAnswerIsVisibleAtOnceAndSentAgainAfterACrashBeforeTheOffsetCommit() throws Exception {
        AtomicInteger executions = new AtomicInteger();
        CountDownLatch crashed = new CountDownLatch(1);
        fixture.track(fixture.nodeBuilder("worker-01")
                .delivery(Delivery.AT_LEAST_ONCE)
                .action("count", args -> executions.incrementAndGet())
                .dispatchHooks(ExactlyOnceTest.crashBeforeCommit(crashed))
                .start());

        String reqid = fixture.dispatch(List.of("worker-01"), "count");
        assertThat(crashed.await(30, TimeUnit.SECONDS)).isTrue();
        List<NodeDispatchResponse> first = fixture.responses(reqid, 1);
        assertThat(first).as("acknowledged before the crash: visible").hasSize(1);

        fixture.track(fixture.nodeBuilder("worker-01")
                .delivery(Delivery.AT_LEAST_ONCE)
                .action("count", args -> executions.incrementAndGet())
                .start());
        List<NodeDispatchResponse> both = fixture.responses(reqid, 2);
        assertThat(both).extracting(r -> r.getResult().getData()).containsExactly("1", "2");
        assertThat(executions).hasValue(2);

        String later = fixture.dispatch(List.of("worker-01"), "ping");
        assertThat(fixture.responses(later, 1)).hasSize(1);
        assertThat(fixture.responsesDuring(later, Duration.ofSeconds(1)))
                .as("committed: answered once")
                .hasSize(1);
    }
}
