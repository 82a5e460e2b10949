package io.mgmtbus.streams.outcome;

import io.mgmtbus.contracts.dispatch.DispatchErrors;
import io.mgmtbus.contracts.dispatch.Results;
import io.mgmtbus.events.DispatchOutcome;
import io.mgmtbus.events.OutcomeState;
import io.mgmtbus.events.Result;
import io.mgmtbus.streams.state.DispatchMember;
import io.mgmtbus.streams.state.PendingDispatch;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the one {@link DispatchOutcome} of a request from its summary and members: the expected
 * nodes' answers (node-name order), then an error Result per unknown name, then (on timeout) one
 * per silent node. The result and target lists are bounded so an outcome for a huge fan-out stays
 * far below the broker's message size limit; the counts always cover everything, and every
 * node's own answer stays on the responses topic. A cut result list keeps errors first, so the
 * failed, unknown and silent nodes of a huge fan-out are still named.
 */
public final class Outcomes {

    /** About 100-300 bytes per Result: a few hundred KB at most. */
    public static final int MAX_RESULTS = 2000;

    private Outcomes() {}

    public static DispatchOutcome complete(PendingDispatch entry, List<DispatchMember> members, Instant now) {
        return build(entry, members, OutcomeState.COMPLETE, null, now);
    }

    public static DispatchOutcome timedOut(PendingDispatch entry, List<DispatchMember> members, Instant now) {
        return build(
                entry,
                members,
                OutcomeState.TIMED_OUT,
                DispatchErrors.noResponseWithin(Duration.ofMillis(entry.getTimeoutMs())),
                now);
    }

    private static DispatchOutcome build(
            PendingDispatch entry, List<DispatchMember> members, OutcomeState state, String silentError, Instant now) {
        List<String> targeted = new ArrayList<>();
        List<Result> answers = new ArrayList<>();
        List<Result> unknown = new ArrayList<>();
        List<Result> silent = new ArrayList<>();
        for (DispatchMember m : members) {
            if (m.getExpected()) {
                targeted.add(m.getNode());
                if (m.getResult() != null) {
                    answers.add(m.getResult());
                } else if (silentError != null) {
                    silent.add(Results.error(entry.getReqid(), m.getNode(), null, silentError));
                }
            } else if (m.getResult() != null) {
                unknown.add(m.getResult());
            }
        }
        List<Result> all = new ArrayList<>(answers);
        all.addAll(unknown);
        all.addAll(silent);
        int successes = (int) all.stream().filter(Result::getSuccess).count();
        boolean truncated = all.size() > MAX_RESULTS || targeted.size() > MAX_RESULTS;
        if (all.size() > MAX_RESULTS) {
            all = errorsFirst(all);
        }
        return DispatchOutcome.newBuilder()
                .setReqid(entry.getReqid())
                .setAction(entry.getRequest().getAction())
                .setTargeted(bounded(targeted))
                .setTargetedCount(targeted.size())
                .setResults(bounded(all))
                .setState(state)
                .setIssuedAt(entry.getRequest().getIssuedAt())
                .setClosedAt(now)
                .setSuccessCount(successes)
                .setErrorCount(all.size() - successes)
                .setResultsTruncated(truncated)
                .build();
    }

    /**
     * The same Results, errors (failed, unknown and silent nodes) before successes: when the list
     * must be cut, the nodes an operator has to look at are the ones kept.
     */
    private static List<Result> errorsFirst(List<Result> results) {
        List<Result> ordered = new ArrayList<>(results.size());
        results.stream().filter(r -> !r.getSuccess()).forEach(ordered::add);
        results.stream().filter(Result::getSuccess).forEach(ordered::add);
        return ordered;
    }

    private static <T> List<T> bounded(List<T> list) {
        return list.size() > MAX_RESULTS ? List.copyOf(list.subList(0, MAX_RESULTS)) : list;
    }
}
