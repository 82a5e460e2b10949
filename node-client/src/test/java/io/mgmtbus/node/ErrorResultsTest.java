package io.mgmtbus.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.mgmtbus.events.Result;
import io.mgmtbus.node.action.ActionError;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each way an action can fail gives its exact error Result, and the node keeps answering. */
class ErrorResultsTest {

    private static NodeFixture fixture;

    @BeforeAll
    static void startNode() {
        fixture = new NodeFixture();
        fixture.track(fixture.nodeBuilder("worker-01")
                .actionTimeLimit(Duration.ofMillis(500))
                .action("explode", args -> {
                    throw new IllegalStateException("disk on fire");
                })
                .action("refuse", args -> {
                    throw new ActionError("not today");
                })
                .action("hang", args -> {
                    Thread.sleep(60_000);
                    return "never";
                })
                .identifier("app.version", () -> "1.4.2")
                .start());
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    private static Result answer(String... action) {
        String reqid = fixture.dispatch(List.of("worker-01"), action);
        List<Result> results =
                fixture.responses(reqid, 1).stream().map(r -> r.getResult()).toList();
        assertThat(results).hasSize(1);
        Result result = results.get(0);
        assertThat(result.getNode()).isEqualTo("worker-01");
        assertThat(result.getInstance()).isEqualTo("test-host");
        return result;
    }

    private static void assertError(Result result, String error) {
        assertThat(result.getSuccess()).isFalse();
        assertThat(result.getError()).isEqualTo(error);
        assertThat(result.getData()).isNull();
    }

    @Test
    void emptyActionVector() {
        assertError(answer(), "no dispatch arguments provided");
    }

    @Test
    void unknownAction() {
        assertError(answer("frobnicate", "x"), "dispatch frobnicate unknown");
    }

    @Test
    void getIdValueWithoutName() {
        assertError(answer("get_id_value"), "get_id_value expects name of global identifier");
    }

    @Test
    void getIdValueOfUnknownName() {
        assertError(answer("get_id_value", "No::such"), "unknown id");
    }

    @Test
    void getIdValueOfRegisteredAndSystemIdentifiers() {
        Result version = answer("get_id_value", "app.version");
        assertThat(version.getSuccess()).isTrue();
        assertThat(version.getData()).isEqualTo("\"1.4.2\"");
        assertThat(answer("get_id_value", "sys.java.specification.version").getData())
                .isEqualTo("\"" + System.getProperty("java.specification.version") + "\"");
    }

    @Test
    void anActionThatThrowsNamesTheException() {
        assertError(answer("explode"), "action explode failed: java.lang.IllegalStateException: disk on fire");
    }

    @Test
    void anActionErrorMessageIsUsedAsIs() {
        assertError(answer("refuse"), "not today");
    }

    @Test
    void anActionPastItsTimeLimitIsAnErrorAndTheNodeLivesOn() {
        assertError(answer("hang"), "action hang exceeded its time limit of 500ms");
        assertThat(answer("ping").getSuccess()).isTrue();
    }

    @Test
    void listActionsNamesBuiltInsAndCustomOnes() {
        assertThat(answer("list_actions").getData())
                .isEqualTo("[\"explode\",\"get_id_value\",\"hang\",\"list_actions\",\"ping\",\"refuse\"]");
    }
}
