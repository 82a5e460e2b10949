package io.mgmtbus.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mgmtbus.events.NodeDispatchResponse;
import io.mgmtbus.node.dispatch.DispatchMetrics;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every node reads every request and answers only when it is targeted (empty target set = all). */
class SelfFilteringTest {

    private final NodeFixture fixture = new NodeFixture();
    private final List<ManagedNode> nodes =
            List.of(fixture.node("worker-01"), fixture.node("worker-02"), fixture.node("manager"));

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void emptyTargetSetMeansEveryNode() {
        String reqid = fixture.dispatch(List.of(), "get_id_value", "Cluster::node");

        List<NodeDispatchResponse> responses = fixture.responses(reqid, 3);

        assertThat(responses)
                .extracting(r -> r.getResult().getNode())
                .containsExactlyInAnyOrder("worker-01", "worker-02", "manager");
        assertThat(responses).allSatisfy(r -> {
            assertThat(r.getResult().getSuccess()).isTrue();
            assertThat(r.getResult().getData()).isEqualTo("\"" + r.getResult().getNode() + "\"");
            assertThat(r.getResult().getInstance()).isEqualTo("test-host");
            assertThat(r.getResult().getReqid()).isEqualTo(reqid);
        });
    }

    @Test
    void namedNodesAnswerAndNoOneElse() {
        String reqid = fixture.dispatch(List.of("worker-02", "manager"), "ping");

        fixture.responses(reqid, 2);
        awaitEveryNodeHandled(1, "answered", "not_targeted");

        assertThat(fixture.responsesDuring(reqid, Duration.ofMillis(500)))
                .extracting(r -> r.getResult().getNode())
                .containsExactlyInAnyOrder("worker-02", "manager");
    }

    @Test
    void aRequestNamingNoneOfThemGetsNoAnswer() {
        String reqid = fixture.dispatch(List.of("worker-99"), "ping");

        // Every node has read and set aside the request before we look for answers.
        awaitEveryNodeHandled(1, "not_targeted");

        assertThat(fixture.responsesDuring(reqid, Duration.ofSeconds(1))).isEmpty();
    }

    private void awaitEveryNodeHandled(int count, String... outcomes) {
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(nodes).allSatisfy(node -> {
                    double handled = 0;
                    for (String outcome : outcomes) {
                        var counter = node.meters()
                                .find(DispatchMetrics.REQUESTS)
                                .tag("outcome", outcome)
                                .counter();
                        handled += counter == null ? 0 : counter.count();
                    }
                    assertThat(handled).isGreaterThanOrEqualTo(count);
                }));
    }
}
