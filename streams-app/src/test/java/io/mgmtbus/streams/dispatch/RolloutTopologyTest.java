package io.mgmtbus.streams.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.mgmtbus.events.DispatchOutcome;
import io.mgmtbus.events.NodeDispatchRequest;
import io.mgmtbus.events.OutcomeState;
import io.mgmtbus.events.Result;
import io.mgmtbus.events.Rollout;
import io.mgmtbus.streams.TopologyFixture;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How the streams-app starts a rollout's nodes in waves and when it stops. */
class RolloutTopologyTest {

    private static final List<String> NODES =
            IntStream.rangeClosed(1, 6).mapToObj(i -> "n" + i).toList();

    private TopologyFixture bus;

    @BeforeEach
    void start() throws Exception {
        bus = new TopologyFixture();
        NODES.forEach(n -> bus.hello(n, Map.of("role", "worker")));
    }

    @AfterEach
    void stop() {
        bus.close();
    }

    @Test
    void nodesStartInNameOrderTheNextAsSoonAsOneAnswers() {
        bus.request(rollout("r", "2", null));
        assertThat(names(bus.waves())).containsExactly(List.of("n1", "n2"));
        bus.answer("r", "n2");
        assertThat(names(bus.waves())).containsExactly(List.of("n3"));
        bus.answer("r", "n1");
        bus.answer("r", "n3");
        assertThat(names(bus.waves())).containsExactly(List.of("n4"), List.of("n5"));
        bus.answer("r", "n4");
        bus.answer("r", "n5");
        assertThat(bus.outcomes()).isEmpty();
        assertThat(names(bus.waves())).containsExactly(List.of("n6"));
        bus.answer("r", "n6");
        DispatchOutcome outcome = bus.single();
        assertThat(outcome.getState()).isEqualTo(OutcomeState.COMPLETE);
        assertThat(outcome.getSuccessCount()).isEqualTo(6);
        assertThat(outcome.getNotStartedCount()).isZero();
    }

    @Test
    void wavesCarryTheRolloutsReqidActionAndDeadline() {
        NodeDispatchRequest plan = rollout("w", "50%", null);
        bus.request(plan);
        NodeDispatchRequest wave = bus.waves().get(0);
        assertThat(wave.getReqid()).isEqualTo("w");
        assertThat(wave.getWave()).isEqualTo(1);
        assertThat(wave.getNodes()).containsExactly("n1", "n2", "n3"); // 50% of 6
        assertThat(wave.getAction()).isEqualTo(plan.getAction());
        assertThat(wave.getDeadline()).isEqualTo(plan.getDeadline());
        assertThat(wave.getRollout()).isNull();
        assertThat(wave.getSelector()).isNull();
    }

    @Test
    void maxErrorsStopsStartingNodesAndTheOutcomeNamesThoseNeverStarted() {
        bus.request(rollout("s", "2", "2"));
        bus.fail("s", "n1");
        assertThat(names(bus.waves())).containsExactly(List.of("n1", "n2"), List.of("n3"));
        bus.fail("s", "n2");
        assertThat(bus.waves()).as("two errors: no more starts").isEmpty();
        assertThat(bus.outcomes()).as("n3 still runs").isEmpty();
        bus.answer("s", "n3");
        DispatchOutcome outcome = bus.single();
        assertThat(outcome.getState()).isEqualTo(OutcomeState.STOPPED);
        assertThat(outcome.getNotStartedCount()).isEqualTo(3);
        Map<String, String> errors = outcome.getResults().stream()
                .filter(r -> !r.getSuccess())
                .collect(Collectors.toMap(Result::getNode, Result::getError));
        assertThat(errors)
                .containsEntry("n1", "it broke")
                .containsEntry("n4", "not started: rollout stopped after 2 errors")
                .containsEntry("n6", "not started: rollout stopped after 2 errors")
                .hasSize(5);
    }

    @Test
    void aTimeoutTellsSilentNodesFromNodesNeverStarted() {
        bus.request(rollout("t", "1", null));
        bus.advance(Duration.ofMinutes(2));
        Map<String, String> errors =
                bus.single().getResults().stream().collect(Collectors.toMap(Result::getNode, Result::getError));
        assertThat(errors.get("n1")).startsWith("no response within");
        assertThat(errors.get("n2")).isEqualTo("not started: the deadline passed before its turn");
    }

    @Test
    void aCancelledRolloutStartsNothingMore() {
        bus.request(rollout("c", "1", null));
        bus.answer("c", "n1");
        bus.cancel("c");
        bus.waves();
        DispatchOutcome outcome = bus.single();
        assertThat(outcome.getState()).isEqualTo(OutcomeState.CANCELLED);
        assertThat(outcome.getSuccessCount()).isEqualTo(1);
        bus.answer("c", "n2");
        assertThat(bus.waves()).isEmpty();
    }

    @Test
    void aWaveTheAppDidNotWriteIsDeadLettered() {
        bus.request(bus.ping("forged").setNodes(List.of("n1")).setWave(1).build());
        bus.request(rollout("real", "1", null));
        assertThat(names(bus.waves())).containsExactly(List.of("n1"));
        bus.request(bus.ping("real").setNodes(List.of("n6")).setWave(2).build());
        assertThat(bus.deadLetterReasons())
                .containsExactly(
                        "wave 1 of forged was not written by the streams-app: no rollout of that reqid wrote it",
                        "wave 2 of real was not written by the streams-app: no rollout of that reqid wrote it");
        assertThat(bus.outcomes()).isEmpty();
    }

    @Test
    void aBatchThatDoesNotParseTargetsNobody() {
        bus.request(rollout("bad", "lots", null));
        DispatchOutcome outcome = bus.single();
        assertThat(outcome.getTargeted()).isEmpty();
        assertThat(outcome.getResults().get(0).getError()).startsWith("invalid rollout limit 'lots'");
    }

    private NodeDispatchRequest rollout(String reqid, String batch, String maxErrors) {
        return bus.ping(reqid)
                .setSelector("role=worker")
                .setRollout(Rollout.newBuilder()
                        .setBatch(batch)
                        .setMaxErrors(maxErrors)
                        .build())
                .build();
    }

    private static List<List<String>> names(List<NodeDispatchRequest> waves) {
        return waves.stream().map(NodeDispatchRequest::getNodes).toList();
    }
}
