package io.mgmtbus.streams.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.mgmtbus.events.DispatchOutcome;
import io.mgmtbus.events.OutcomeState;
import io.mgmtbus.events.Result;
import io.mgmtbus.streams.TopologyFixture;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a cancel event does to a request, whenever it comes. */
class CancelTopologyTest {

    private TopologyFixture bus;

    @BeforeEach
    void start() throws Exception {
        bus = new TopologyFixture();
        for (String node : new String[] {"a", "b", "c"}) {
            bus.hello(node, Map.of());
        }
    }

    @AfterEach
    void stop() {
        bus.close();
    }

    @Test
    void anOpenRequestClosesCancelledKeepingTheAnswersThatArrived() {
        bus.request(bus.ping("r").build());
        bus.answer("r", "a");
        bus.cancel("r");
        DispatchOutcome outcome = bus.single();
        assertThat(outcome.getState()).isEqualTo(OutcomeState.CANCELLED);
        assertThat(outcome.getResults())
                .extracting(Result::getNode, Result::getSuccess, Result::getError)
                .containsExactly(
                        tuple("a", true, null), tuple("b", false, "cancelled"), tuple("c", false, "cancelled"));

        bus.answer("r", "b");
        bus.cancel("r");
        assertThat(bus.outcomes())
                .as("late answers and a second cancel change nothing")
                .isEmpty();
    }

    @Test
    void aClosedRequestStaysAsItClosed() {
        bus.request(bus.ping("done").build());
        bus.answer("done", "a");
        bus.answer("done", "b");
        bus.answer("done", "c");
        assertThat(bus.single().getState()).isEqualTo(OutcomeState.COMPLETE);
        bus.cancel("done");
        assertThat(bus.outcomes()).isEmpty();
    }

    @Test
    void aCancelBeforeItsRequestClosesTheRequestWhenItOpens() {
        bus.cancel("early");
        assertThat(bus.outcomes()).isEmpty();
        bus.request(bus.ping("early").build());
        DispatchOutcome outcome = bus.single();
        assertThat(outcome.getState()).isEqualTo(OutcomeState.CANCELLED);
        assertThat(outcome.getResults()).extracting(Result::getError).containsOnly("cancelled");
    }
}
