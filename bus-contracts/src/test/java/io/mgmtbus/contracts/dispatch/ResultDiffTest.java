package io.mgmtbus.contracts.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.mgmtbus.events.DispatchOutcome;
import io.mgmtbus.events.OutcomeState;
import io.mgmtbus.events.Result;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultDiffTest {

    @Test
    void aResultWithoutANodeIsComparedAsTheRequestsOwn() {
        DispatchOutcome nobody = outcome(Results.error("r", null, null, "no known node matches selector 'role=db'"));
        DispatchOutcome worker = outcome(Results.success("r", "worker-01", null, "1"));
        assertThat(ResultDiff.between(nobody, nobody)).isEmpty();
        assertThat(ResultDiff.between(nobody, worker))
                .anySatisfy(d -> assertThat(d).contains(ResultDiff.REQUEST))
                .anySatisfy(d -> assertThat(d).contains("worker-01"));
    }

    private static DispatchOutcome outcome(Result result) {
        Instant now = Instant.now();
        return DispatchOutcome.newBuilder()
                .setReqid("r")
                .setAction(List.of("ping"))
                .setTargeted(List.of())
                .setResults(List.of(result))
                .setState(OutcomeState.COMPLETE)
                .setIssuedAt(now)
                .setClosedAt(now)
                .build();
    }
}
