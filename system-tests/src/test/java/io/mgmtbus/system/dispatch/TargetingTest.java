package io.mgmtbus.system.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mgmtbus.agent.dispatch.DispatchRequest;
import io.mgmtbus.agent.view.Rendering;
import io.mgmtbus.events.DispatchOutcome;
import io.mgmtbus.events.Result;
import io.mgmtbus.launcher.ExitCodes;
import io.mgmtbus.system.CliRun;
import io.mgmtbus.system.Fleet;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Selectors on a real bus: the nodes that run a request (counted on the nodes) are exactly those
 * the selector picks, and the outcome waits for exactly them.
 */
class TargetingTest {

    private static Fleet fleet;

    @BeforeAll
    static void start() throws Exception {
        Map<String, Map<String, String>> labels = new LinkedHashMap<>();
        labels.put("worker-01", Map.of("role", "worker", "rack", "3"));
        labels.put("worker-02", Map.of("role", "worker", "rack", "4", "canary", "true"));
        labels.put("worker-03", Map.of("role", "worker", "rack", "5"));
        labels.put("manager", Map.of("role", "manager", "rack", "3"));
        labels.put("logger", Map.of());
        fleet = Fleet.start(labels);
    }

    @AfterAll
    static void stop() {
        fleet.close();
    }

    @Test
    void selectorsPickExactlyTheMatchingNodes() {
        assertSelects("role=worker", "worker-01", "worker-02", "worker-03");
        assertSelects("rack in (3,4)", "manager", "worker-01", "worker-02");
        assertSelects("role=worker,!canary", "worker-01", "worker-03");
        assertSelects("name=worker-*,rack notin (5)", "worker-01", "worker-02");
        assertSelects("!role", "logger");
    }

    @Test
    void aSelectorMatchingNoNodeErrsAtOnceAndNoNodeRunsIt() {
        String reqid = dispatch("database", "role=database");
        DispatchOutcome outcome = fleet.outcome(reqid, Duration.ofSeconds(30));
        assertThat(outcome.getTargeted()).isEmpty();
        assertThat(outcome.getResults())
                .extracting(Result::getError)
                .containsExactly("no known node matches selector 'role=database'");
        assertThat(Duration.between(outcome.getIssuedAt(), outcome.getClosedAt()))
                .as("closed at once, not at the timeout")
                .isLessThan(Duration.ofSeconds(10));
        assertThat(fleet.ranBy("database")).isEmpty();
    }

    @Test
    void theCliSelectsShowsLabelsAndRefusesABadSelectorBeforeSending() throws Exception {
        CliRun run = CliRun.of(fleet.config, "dispatch", "work", "from-cli", "--select", "role=manager");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        JsonNode outcome = Rendering.JSON.readTree(run.out());
        assertThat(outcome.get("results").fieldNames()).toIterable().containsExactly("manager");
        assertThat(fleet.ranBy("from-cli")).containsExactly("manager");

        CliRun bad = CliRun.of(fleet.config, "dispatch", "work", "never", "--select", "rack in 3");
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).contains("invalid selector 'rack in 3': expected '(' to open the value set");

        CliRun nodes = CliRun.of(fleet.config, "nodes", "-o", "table");
        assertThat(nodes.out()).containsPattern("worker-02 .*canary=true,rack=4,role=worker");
    }

    private void assertSelects(String selector, String... expected) {
        String arg = "select " + selector;
        DispatchOutcome outcome = fleet.outcome(dispatch(arg, selector), Duration.ofSeconds(30));
        assertThat(outcome.getTargeted()).as(selector).containsExactly(expected);
        assertThat(outcome.getResults())
                .extracting(Result::getNode)
                .as(selector)
                .containsExactly(expected);
        assertThat(fleet.ranBy(arg)).as("nodes that ran it for %s", selector).containsExactlyInAnyOrder(expected);
    }

    private static String dispatch(String arg, String selector) {
        return fleet.dispatch(
                new DispatchRequest(List.of("work", arg), List.of(), Duration.ofSeconds(20), selector, null, null));
    }
}
