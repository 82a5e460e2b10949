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
import java.util.function.Function;

/**
 * Builds the one {@link DispatchOutcome} of a request from its summary and members: the expected
 * nodes' answers (node-name order), then an error Result per unknown name (and one without a node
 * when the request targets nobody: see {@code PendingDispatch.problem}), then one per node that
 * did not answer: silent past the timeout, cancelled, or never started by a rollout. The result
 * and target lists are bounded so an outcome for a huge fan-out stays far below the broker's
 * message size limit; the counts always cover everything, and every node's own answer stays on
 * the responses topic. A cut result list keeps errors first, so the failed, unknown and silent
 * nodes of a huge fan-out are still named.
 */
public final class Outcomes {

    /** About 100-300 bytes per Result: a few hundred KB at most. */
    public static final int MAX_RESULTS = 2000;

    private Outcomes() {}

    /**
     * Every started node answered. A rollout that stopped after too many errors closes STOPPED,
     * its nodes never started named.
     */
    public static DispatchOutcome complete(PendingDispatch entry, List<DispatchMember> members, Instant now) {
        // The budget, not the final count: nodes still running when it stopped may have failed too.
        int errors = entry.getMaxErrors() != null ? entry.getMaxErrors() : entry.getErrorAnswers();
        String notStarted =
                DispatchErrors.notStarted("rollout stopped after " + errors + (errors == 1 ? " error" : " errors"));
        boolean heldBack = members.stream().anyMatch(m -> m.getExpected() && !m.getStarted());
        return build(
                entry,
                members,
                heldBack ? OutcomeState.STOPPED : OutcomeState.COMPLETE,
                m -> m.getStarted() ? null : notStarted,
                now);
    }

    public static DispatchOutcome timedOut(PendingDispatch entry, List<DispatchMember> members, Instant now) {
        String silent = DispatchErrors.noResponseWithin(Duration.ofMillis(entry.getTimeoutMs()));
        String notStarted = DispatchErrors.notStarted("the deadline passed before its turn");
        return build(entry, members, OutcomeState.TIMED_OUT, m -> m.getStarted() ? silent : notStarted, now);
    }

    /** Answers that arrived stay; every other targeted node is marked cancelled. */
    public static DispatchOutcome cancelled(PendingDispatch entry, List<DispatchMember> members, Instant now) {
        return build(entry, members, OutcomeState.CANCELLED, m -> DispatchErrors.CANCELLED, now);
    }

    /**
     * @param unanswered the error of an expected node without an answer, or null to leave it out
     */
    private static DispatchOutcome build(
            PendingDispatch entry,
            List<DispatchMember> members,
            OutcomeState state,
            Function<DispatchMember, String> unanswered,
            Instant now) {
        List<String> targeted = new ArrayList<>();
        List<Result> answers = new ArrayList<>();
        List<Result> unknown = new ArrayList<>();
        List<Result> silent = new ArrayList<>();
        int notStarted = 0;
        for (DispatchMember m : members) {
            if (m.getExpected()) {
                targeted.add(m.getNode());
                notStarted += m.getStarted() ? 0 : 1;
                String error = m.getResult() == null ? unanswered.apply(m) : null;
                if (m.getResult() != null) {
                    answers.add(m.getResult());
                } else if (error != null) {
                    silent.add(Results.error(entry.getReqid(), m.getNode(), null, error));
                }
            } else if (m.getResult() != null) {
                unknown.add(m.getResult());
            }
        }
        if (entry.getProblem() != null) {
            unknown.add(Results.error(entry.getReqid(), null, null, entry.getProblem()));
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
                .setNotStartedCount(notStarted)
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
