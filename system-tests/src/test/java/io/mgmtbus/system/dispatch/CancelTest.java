package io.mgmtbus.system.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mgmtbus.agent.dispatch.DispatchRequest;
import io.mgmtbus.agent.view.Rendering;
import io.mgmtbus.events.DispatchOutcome;
import io.mgmtbus.events.NodeDispatchResponse;
import io.mgmtbus.events.OutcomeState;
import io.mgmtbus.events.Result;
import io.mgmtbus.launcher.ExitCodes;
import io.mgmtbus.system.CliRun;
import io.mgmtbus.system.Fleet;
import io.mgmtbus.testkit.TopicRecorder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cancelling a long-running request on a real bus: the node that answered keeps its answer, the
 * node still running it answers too late to count, and the node that had not started skips it.
 */
class CancelTest {

    private Fleet fleet;
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void start() throws Exception {
        fleet = Fleet.start(Map.of("fast", Map.of(), "slow", Map.of(), "busy", Map.of()));
        fleet.behaviour = (node, arg) -> {
            boolean blocks = (node.equals("slow") && arg.equals("long")) || (node.equals("busy") && arg.equals("hold"));
            if (blocks) {
                release.await(8, TimeUnit.SECONDS);
            }
            return node;
        };
    }

    @AfterEach
    void stop() {
        release.countDown();
        fleet.close();
    }

    @Test
    void aCancelledRequestClosesCancelledWithEachNodesState() throws Exception {
        // "busy" is stuck on an earlier request, so it reaches "long" only after the cancel.
        fleet.dispatch(request("hold", List.of("busy")));
        await().atMost(Duration.ofSeconds(20)).until(() -> fleet.runs("busy", "hold") == 1);
        String reqid = fleet.dispatch(request("long", List.of()));
        try (TopicRecorder<String, NodeDispatchResponse> answers =
                new TopicRecorder<>(fleet.config, fleet.topics.responses())) {
            answers.until(
                    seen -> seen.stream()
                            .anyMatch(r -> r.key().equals(reqid)
                                    && r.value().getResult().getNode().equals("fast")),
                    Duration.ofSeconds(20));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> fleet.runs("slow", "long") == 1);

        CliRun cancel = CliRun.of(fleet.config, "cancel", reqid, "--reason", "wrong action");
        assertThat(cancel.exitCode()).as(cancel.err()).isEqualTo(ExitCodes.OK);
        JsonNode printed = Rendering.JSON.readTree(cancel.out());
        assertThat(printed.get("state").asText()).isEqualTo("cancelled");
        release.countDown();

        DispatchOutcome outcome = fleet.outcome(reqid, Duration.ofSeconds(20));
        assertThat(outcome.getState()).isEqualTo(OutcomeState.CANCELLED);
        Map<String, String> states = outcome.getResults().stream()
                .collect(Collectors.toMap(Result::getNode, r -> r.getSuccess() ? "ok" : r.getError()));
        assertThat(states)
                .containsExactlyInAnyOrderEntriesOf(Map.of("fast", "ok", "slow", "cancelled", "busy", "cancelled"));

        await().atMost(Duration.ofSeconds(20)).until(() -> fleet.skippedAsCancelled("busy") == 1);
        assertThat(fleet.runs("busy", "long"))
                .as("busy had not started it: it skips it")
                .isZero();
        assertThat(fleet.runs("slow", "long"))
                .as("slow was running it: it finishes")
                .isEqualTo(1);
    }

    @Test
    void cancellingAClosedOrUnknownRequestIsAClearError() {
        String reqid = fleet.dispatch(request("quick", List.of("fast")));
        assertThat(fleet.outcome(reqid, Duration.ofSeconds(20)).getState()).isEqualTo(OutcomeState.COMPLETE);

        CliRun closed = CliRun.of(fleet.config, "cancel", reqid);
        assertThat(closed.exitCode()).isEqualTo(ExitCodes.ALREADY_CLOSED);
        assertThat(closed.err()).contains("request " + reqid + " is already closed (complete at");

        CliRun unknown = CliRun.of(fleet.config, "cancel", "no-such-request", "--since", "1m");
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(unknown.err()).contains("no request no-such-request");
    }

    private static DispatchRequest request(String arg, List<String> nodes) {
        return new DispatchRequest(List.of("work", arg), nodes, Duration.ofSeconds(30));
    }
}
