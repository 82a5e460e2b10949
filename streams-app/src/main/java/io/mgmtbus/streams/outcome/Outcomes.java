package io.mgmtbus.streams.outcome;

import io.mgmtbus.contracts.dispatch.DispatchErrors;
import io.mgmtbus.contracts.dispatch.Results;
import io.mgmtbus.events.DispatchOutcome;
import io.mgmtbus.events.OutcomeState;
import io.mgmtbus.events.PendingDispatch;
import io.mgmtbus.events.Result;
import io.mgmtbus.streams.dispatch.DispatchBook;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Builds the one {@link DispatchOutcome} of a request: node answers in expected order, then an
 * error Result per unknown name, then (on timeout) one per silent node. The result list is
 * bounded so an outcome for a huge fan-out stays far below the broker's message size limit; the
 * counts always cover everything, and every node's own answer stays on the responses topic.
 */
public final class Outcomes {

    /** About 100-300 bytes per Result: a few hundred KB at most. */
    public static final int MAX_RESULTS = 2000;

    private Outcomes() {}

    public static DispatchOutcome complete(PendingDispatch entry, Instant now) {
        return build(entry, OutcomeState.COMPLETE, List.of(), now);
    }

    public static DispatchOutcome timedOut(PendingDispatch entry, Instant now) {
        String error = DispatchErrors.noResponseWithin(Duration.ofMillis(entry.getTimeoutMs()));
        List<Result> silent = DispatchBook.silent(entry).stream()
                .map(node -> Results.error(entry.getReqid(), node, null, error)).toList();
        return build(entry, OutcomeState.TIMED_OUT, silent, now);
    }

    private static DispatchOutcome build(PendingDispatch entry, OutcomeState state, List<Result> silent, Instant now) {
        List<String> order = entry.getExpected();
        List<Result> all = new ArrayList<>(entry.getAnswers());
        all.sort(Comparator.comparingInt(r -> order.indexOf(r.getNode())));
        all.addAll(entry.getUnknown());
        all.addAll(silent);
        int successes = (int) all.stream().filter(Result::getSuccess).count();
        boolean truncated = all.size() > MAX_RESULTS;
        return DispatchOutcome.newBuilder()
                .setReqid(entry.getReqid())
                .setAction(entry.getRequest().getAction())
                .setTargeted(order)
                .setResults(truncated ? List.copyOf(all.subList(0, MAX_RESULTS)) : all)
                .setState(state)
                .setIssuedAt(entry.getRequest().getIssuedAt())
                .setClosedAt(now)
                .setSuccessCount(successes)
                .setErrorCount(all.size() - successes)
                .setResultsTruncated(truncated)
                .build();
    }
}
