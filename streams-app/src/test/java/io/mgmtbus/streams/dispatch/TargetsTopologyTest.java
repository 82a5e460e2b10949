package io.mgmtbus.streams.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.mgmtbus.events.DispatchOutcome;
import io.mgmtbus.events.OutcomeState;
import io.mgmtbus.events.Result;
import io.mgmtbus.streams.TopologyFixture;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Whom the streams-app waits for when a request carries a selector. */
class TargetsTopologyTest {

    private TopologyFixture bus;

    @BeforeEach
    void start() throws Exception {
        bus = new TopologyFixture();
        bus.hello("worker-01", Map.of("role", "worker", "rack", "3"))
                .hello("worker-02", Map.of("role", "worker", "rack", "4", "canary", "true"))
                .hello("worker-03", Map.of("role", "worker", "rack", "5"))
                .hello("manager", Map.of("role", "manager", "rack", "3"));
    }

    @AfterEach
    void stop() {
        bus.close();
    }

    @Test
    void aSelectorNarrowsABroadcastToTheMatchingNodes() {
        assertThat(targetsOf("role=worker")).containsExactly("worker-01", "worker-02", "worker-03");
        assertThat(targetsOf("rack in (3,4)")).containsExactly("manager", "worker-01", "worker-02");
        assertThat(targetsOf("role=worker,!canary")).containsExactly("worker-01", "worker-03");
        assertThat(targetsOf("name=worker-0?,rack notin (5)")).containsExactly("worker-01", "worker-02");
        assertThat(targetsOf("role!=worker")).containsExactly("manager");
    }

    @Test
    void namedNodesAreNarrowedByTheSelectorAndUnknownNamesStillErr() {
        bus.request(bus.ping("named")
                .setNodes(List.of("worker-01", "manager", "ghost"))
                .setSelector("role=worker")
                .build());
        bus.answer("named", "worker-01");
        DispatchOutcome outcome = bus.single();
        assertThat(outcome.getTargeted()).containsExactly("worker-01");
        assertThat(outcome.getResults())
                .extracting(Result::getNode, Result::getError)
                .containsExactly(tuple("worker-01", null), tuple("ghost", "unknown cluster node"));
    }

    @Test
    void aSelectorMatchingNoKnownNodeClosesAtOnceWithAnErrorNamingIt() {
        bus.request(bus.ping("nobody").setSelector("role=database").build());
        DispatchOutcome outcome = bus.single();
        assertThat(outcome.getState()).isEqualTo(OutcomeState.COMPLETE);
        assertThat(outcome.getTargeted()).isEmpty();
        assertThat(outcome.getResults())
                .extracting(Result::getNode, Result::getSuccess, Result::getError)
                .containsExactly(tuple(null, false, "no known node matches selector 'role=database'"));
    }

    @Test
    void aSelectorThatDoesNotParseClosesAtOnceWithTheReason() {
        bus.request(bus.ping("garbled").setSelector("rack in 3").build());
        DispatchOutcome outcome = bus.single();
        assertThat(outcome.getErrorCount()).isEqualTo(1);
        assertThat(outcome.getResults().get(0).getError())
                .startsWith("invalid selector 'rack in 3': expected '(' to open the value set");
    }

    private List<String> targetsOf(String selector) {
        String reqid = "select-" + selector;
        bus.request(bus.ping(reqid).setSelector(selector).build());
        bus.cancel(reqid); // closes it at once: the outcome names its targets
        DispatchOutcome outcome = bus.single();
        assertThat(outcome.getState()).isEqualTo(OutcomeState.CANCELLED);
        return outcome.getTargeted();
    }
}
