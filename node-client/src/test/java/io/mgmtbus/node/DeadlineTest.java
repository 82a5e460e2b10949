package io.mgmtbus.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mgmtbus.events.NodeDispatchRequest;
import io.mgmtbus.node.dispatch.DispatchMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Nodes never execute after a request's deadline, and a late-starting node catches up on live ones. */
class DeadlineTest {

    private final NodeFixture fixture = new NodeFixture();
    private final AtomicInteger executions = new AtomicInteger();

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void anExpiredRequestIsNotExecuted() {
        ManagedNode node = fixture.track(fixture.nodeBuilder("worker-01")
                .action("count", args -> executions.incrementAndGet())
                .start());
        fixture.send(
                request("expired", Instant.now().minusSeconds(5), Instant.now().minusSeconds(1)));

        await().atMost(Duration.ofSeconds(30)).until(() -> counted(node, "expired") >= 1);

        assertThat(executions).hasValue(0);
        assertThat(fixture.responsesDuring("expired", Duration.ofMillis(500))).isEmpty();
    }

    @Test
    void aRequestWithoutDeadlineExpiresAfterTheDefaultTimeToLive() {
        ManagedNode node = fixture.track(fixture.nodeBuilder("worker-01")
                .requestTimeToLive(Duration.ofSeconds(2))
                .action("count", args -> executions.incrementAndGet())
                .start());
        fixture.send(request("old", Instant.now().minusSeconds(3), null));

        await().atMost(Duration.ofSeconds(30)).until(() -> counted(node, "expired") >= 1);
        assertThat(executions).hasValue(0);
    }

    @Test
    void aNodeStartingLateAnswersRequestsStillBeforeTheirDeadline() {
        fixture.send(request("live", Instant.now(), Instant.now().plusSeconds(60)));
        fixture.send(
                request("dead", Instant.now().minusSeconds(10), Instant.now().minusSeconds(5)));

        fixture.track(fixture.nodeBuilder("worker-01")
                .action("count", args -> executions.incrementAndGet())
                .start());

        assertThat(fixture.responses("live", 1)).hasSize(1);
        assertThat(fixture.responsesDuring("dead", Duration.ofMillis(500))).isEmpty();
        assertThat(executions).hasValue(1);
    }

    private static NodeDispatchRequest request(String reqid, Instant issuedAt, Instant deadline) {
        return NodeDispatchRequest.newBuilder()
                .setReqid(reqid)
                .setAction(List.of("count"))
                .setNodes(List.of())
                .setIssuedAt(issuedAt)
                .setDeadline(deadline)
                .build();
    }

    private static double counted(ManagedNode node, String outcome) {
        var counter = node.meters()
                .find(DispatchMetrics.REQUESTS)
                .tag("outcome", outcome)
                .counter();
        return counter == null ? 0 : counter.count();
    }
}
