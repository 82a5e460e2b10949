package io.mgmtbus.streams.dispatch;

import io.mgmtbus.contracts.dispatch.DispatchErrors;
import io.mgmtbus.contracts.dispatch.Results;
import io.mgmtbus.events.NodeDispatchRequest;
import io.mgmtbus.events.PendingDispatch;
import io.mgmtbus.events.Result;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The bookkeeping of one reqid (Zeek's agent/controller request table): who is expected, who
 * answered, which requested names are unknown. Pure functions over {@link PendingDispatch}, so
 * the topology's processors only move records in and out of the state store.
 */
public final class DispatchBook {

    /** What happened to a response offered to an entry. */
    public enum Recorded { ACCEPTED, UNEXPECTED, DUPLICATE, LATE }

    private DispatchBook() {}

    /** An entry for a reqid whose responses arrived before its request. */
    public static PendingDispatch early(String reqid, Instant now) {
        return PendingDispatch.newBuilder().setReqid(reqid).setFirstSeen(now).build();
    }

    /**
     * Opens the request: expected = requested ∩ known (all known when none named), an error Result
     * for each requested name that is not known, and the deadline. Responses that came early are
     * kept when from an expected node and counted as ignored otherwise.
     */
    public static PendingDispatch open(PendingDispatch early, NodeDispatchRequest request, Set<String> knownNodes,
                                       Instant now, Duration defaultTimeout) {
        Set<String> expected = new LinkedHashSet<>();
        List<Result> unknown = new ArrayList<>();
        if (request.getNodes().isEmpty()) {
            knownNodes.stream().sorted().forEach(expected::add);
        } else {
            for (String name : new LinkedHashSet<>(request.getNodes())) {
                if (knownNodes.contains(name)) {
                    expected.add(name);
                } else {
                    unknown.add(Results.error(request.getReqid(), name, null, DispatchErrors.UNKNOWN_NODE));
                }
            }
        }
        Instant deadline = request.getDeadline() != null ? request.getDeadline() : now.plus(defaultTimeout);
        Duration timeout = request.getDeadline() != null
                ? Duration.between(request.getIssuedAt(), request.getDeadline()) : defaultTimeout;
        PendingDispatch entry = PendingDispatch.newBuilder()
                .setReqid(request.getReqid()).setRequest(request).setExpected(List.copyOf(expected))
                .setUnknown(unknown).setDeadline(deadline).setTimeoutMs(Math.max(0, timeout.toMillis()))
                .setFirstSeen(early != null ? early.getFirstSeen() : now).build();
        if (early != null) {
            entry.setIgnored(early.getIgnored());
            early.getAnswers().forEach(answer -> record(entry, answer));
        }
        return entry;
    }

    /** Offers one node's Result to the entry. */
    public static Recorded record(PendingDispatch entry, Result result) {
        if (entry.getClosedAt() != null) {
            entry.setIgnored(entry.getIgnored() + 1);
            return Recorded.LATE;
        }
        if (entry.getRequest() != null && !entry.getExpected().contains(result.getNode())) {
            entry.setIgnored(entry.getIgnored() + 1);
            return Recorded.UNEXPECTED;
        }
        if (entry.getAnswers().stream().anyMatch(a -> a.getNode() != null && a.getNode().equals(result.getNode()))) {
            entry.setIgnored(entry.getIgnored() + 1);
            return Recorded.DUPLICATE;
        }
        List<Result> answers = new ArrayList<>(entry.getAnswers());
        answers.add(result);
        entry.setAnswers(answers);
        return Recorded.ACCEPTED;
    }

    /** Every expected node has answered (true at once when none is expected). */
    public static boolean complete(PendingDispatch entry) {
        return entry.getRequest() != null && entry.getClosedAt() == null
                && entry.getAnswers().size() >= entry.getExpected().size();
    }

    /** The open request's deadline has passed. */
    public static boolean overdue(PendingDispatch entry, Instant now) {
        return entry.getRequest() != null && entry.getClosedAt() == null && !now.isBefore(entry.getDeadline());
    }

    /** Nodes expected but not heard from. */
    public static List<String> silent(PendingDispatch entry) {
        Set<String> answered = new LinkedHashSet<>();
        entry.getAnswers().forEach(a -> answered.add(a.getNode()));
        return entry.getExpected().stream().filter(n -> !answered.contains(n)).toList();
    }
}
