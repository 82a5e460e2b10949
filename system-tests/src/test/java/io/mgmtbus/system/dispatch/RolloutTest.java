package io.mgmtbus.system.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.mgmtbus.agent.dispatch.DispatchRequest;
import io.mgmtbus.events.DispatchOutcome;
import io.mgmtbus.events.NodeDispatchResponse;
import io.mgmtbus.events.OutcomeState;
import io.mgmtbus.events.Result;
import io.mgmtbus.launcher.ExitCodes;
import io.mgmtbus.node.action.ActionError;
import io.mgmtbus.system.CliRun;
import io.mgmtbus.system.Fleet;
import io.mgmtbus.testkit.TopicRecorder;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Rollouts over 20 real nodes: at most the batch runs at once (counted on the nodes), max-errors
 * stops starting nodes, and a streams-app restarted mid-rollout resumes it without running any
 * node twice.
 */
@Tag("slow")
class RolloutTest {

    private static final List<String> NODES = IntStream.rangeClosed(1, 20)
            .mapToObj(i -> String.format("node-%02d", i))
            .toList();
    private static final Duration SLOW = Duration.ofMillis(300);

    private static Fleet fleet;

    @BeforeAll
    static void start() throws Exception {
        Map<String, Map<String, String>> labels = new LinkedHashMap<>();
        NODES.forEach(n -> labels.put(n, Map.of("role", "worker")));
        fleet = Fleet.start(labels);
        fleet.behaviour = (node, arg) -> {
            if (arg.equals("fail-fast") && Set.of("node-03", "node-05").contains(node)) {
                throw new ActionError("deploy failed on " + node);
            }
            Thread.sleep(SLOW.toMillis());
            return node;
        };
    }

    @AfterAll
    static void stop() {
        fleet.close();
    }

    @Test
    void atMostTheBatchRunsAtOnceAndEveryNodeRunsOnce() {
        fleet.maxRunningAndReset();
        String reqid = fleet.dispatch(rollout("all", "5", null));
        DispatchOutcome outcome = fleet.outcome(reqid, Duration.ofSeconds(60));
        assertThat(outcome.getState()).isEqualTo(OutcomeState.COMPLETE);
        assertThat(outcome.getSuccessCount()).isEqualTo(20);
        assertThat(fleet.maxRunningAndReset()).as("nodes running at once").isBetween(2, 5);
        NODES.forEach(n -> assertThat(fleet.runs(n, "all")).as(n).isEqualTo(1));
    }

    @Test
    void maxErrorsStopsStartingNodesAndTheOutcomeNamesThoseNeverStarted() {
        fleet.maxRunningAndReset();
        String reqid = fleet.dispatch(rollout("fail-fast", "5", "2"));
        DispatchOutcome outcome = fleet.outcome(reqid, Duration.ofSeconds(60));
        assertThat(outcome.getState()).isEqualTo(OutcomeState.STOPPED);
        assertThat(fleet.maxRunningAndReset()).isLessThanOrEqualTo(5);
        Map<String, String> errors = outcome.getResults().stream()
                .filter(r -> !r.getSuccess())
                .collect(Collectors.toMap(Result::getNode, Result::getError));
        assertThat(errors).containsEntry("node-03", "deploy failed on node-03");
        List<String> neverStarted = errors.entrySet().stream()
                .filter(e -> e.getValue().equals("not started: rollout stopped after 2 errors"))
                .map(Map.Entry::getKey)
                .toList();
        assertThat(neverStarted).hasSize(outcome.getNotStartedCount()).isNotEmpty();
        List<String> ran = fleet.ranBy("fail-fast");
        assertThat(ran).as("nodes that ran").doesNotContainAnyElementsOf(neverStarted);
        assertThat(ran.size() + neverStarted.size()).isEqualTo(20);
        ran.forEach(n -> assertThat(fleet.runs(n, "fail-fast")).as(n).isEqualTo(1));
    }

    @Test
    void aStreamsAppRestartedMidRolloutResumesWithoutRunningANodeTwice() throws Exception {
        fleet.maxRunningAndReset();
        String reqid = fleet.dispatch(rollout("resume", "5", null));
        try (TopicRecorder<String, NodeDispatchResponse> answers =
                new TopicRecorder<>(fleet.config, fleet.topics.responses())) {
            answers.until(
                    seen -> seen.stream().filter(r -> r.key().equals(reqid)).count() >= 6, Duration.ofSeconds(60));
        }
        fleet.stopStreamsApp();
        int ranWhileUp = fleet.ranBy("resume").size();
        Thread.sleep(2 * SLOW.toMillis()); // the started nodes answer while the streams-app is down
        assertThat(fleet.ranBy("resume"))
                .as("nobody starts nodes while the streams-app is down")
                .hasSize(ranWhileUp);
        assertThat(ranWhileUp).as("stopped mid-rollout").isLessThan(20);
        fleet.startStreamsApp();

        DispatchOutcome outcome = fleet.outcome(reqid, Duration.ofSeconds(90));
        assertThat(outcome.getState()).isEqualTo(OutcomeState.COMPLETE);
        assertThat(outcome.getSuccessCount()).isEqualTo(20);
        assertThat(fleet.maxRunningAndReset()).isLessThanOrEqualTo(5);
        NODES.forEach(n -> assertThat(fleet.runs(n, "resume")).as(n).isEqualTo(1));
    }

    @Test
    void theCliWatchesARolloutAnswerByAnswer() {
        CliRun run = CliRun.of(
                fleet.config, "dispatch", "work", "watched", "--select", "role=worker", "--batch", "25%", "--watch");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.err())
                .contains("node-01              ok    \"node-01\"")
                .containsPattern("\\] ([1-9]|1[0-9])/20 answered, 0 errors\\R")
                .contains("[##############################] 20/20 answered, 0 errors, complete");
    }

    private static DispatchRequest rollout(String arg, String batch, String maxErrors) {
        return new DispatchRequest(
                List.of("work", arg), List.of(), Duration.ofSeconds(90), "role=worker", batch, maxErrors);
    }
}
