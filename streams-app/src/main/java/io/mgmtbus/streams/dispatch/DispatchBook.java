package io.mgmtbus.streams.dispatch;

import io.mgmtbus.contracts.dispatch.DispatchErrors;
import io.mgmtbus.contracts.dispatch.Results;
import io.mgmtbus.streams.state.DispatchMember;
import io.mgmtbus.events.NodeDispatchRequest;
import io.mgmtbus.streams.state.PendingDispatch;
import io.mgmtbus.events.Result;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bookkeeping of one reqid (Zeek's agent/controller request table): who is expected, who
 * answered, which requested names are unknown. It keeps a small summary per reqid and one
 * member record per node in {@link PendingDispatches}; the processors only decide when to call it.
 */
final class DispatchBook {

    /** What happened to a response offered to an entry. */
    enum Recorded { ACCEPTED, UNEXPECTED, DUPLICATE, LATE }

    private static final Logger log = LoggerFactory.getLogger(DispatchBook.class);

    private final PendingDispatches store;

    DispatchBook(PendingDispatches store) {
        this.store = store;
    }

    /** A summary for a reqid whose responses arrive before its request. */
    static PendingDispatch early(String reqid, Instant now) {
        return PendingDispatch.newBuilder().setReqid(reqid).setFirstSeen(now).build();
    }

    /**
     * Opens the request: expected = requested ∩ known (all known when none named), an error Result
     * for each requested name that is not known, and the deadline. Answers that came early are
     * kept when from an expected node and counted as ignored otherwise.
     */
    PendingDispatch open(PendingDispatch early, NodeDispatchRequest request, Set<String> knownNodes, Instant now, Duration defaultTimeout) {
        String reqid = request.getReqid();
        Set<String> expected = new TreeSet<>();
        List<String> unknown = new ArrayList<>();
        if (request.getNodes().isEmpty()) {
            expected.addAll(knownNodes);
        } else {
            for (String name : new LinkedHashSet<>(request.getNodes())) {
                if (knownNodes.contains(name)) {
                    expected.add(name);
                } else {
                    unknown.add(name);
                }
            }
        }
        Instant deadline = request.getDeadline() != null ? request.getDeadline() : now.plus(defaultTimeout);
        Duration timeout = request.getDeadline() != null ? Duration.between(request.getIssuedAt(), request.getDeadline()) : defaultTimeout;
        PendingDispatch entry = PendingDispatch.newBuilder()
                .setReqid(reqid).setRequest(request).setExpectedCount(expected.size())
                .setDeadline(deadline).setTimeoutMs(Math.max(0, timeout.toMillis()))
                .setFirstSeen(early != null ? early.getFirstSeen() : now)
                .setIgnored(early != null ? early.getIgnored() : 0).build();
        int answered = 0;
        if (early != null) {
            for (DispatchMember earlyAnswer : store.members(reqid)) {
                if (expected.contains(earlyAnswer.getNode())) {
                    earlyAnswer.setExpected(true);
                    store.putMember(reqid, earlyAnswer);
                    answered++;
                } else {
                    store.deleteMember(reqid, earlyAnswer.getNode());
                    entry.setIgnored(entry.getIgnored() + 1);
                }
            }
        }
        for (String node : expected) {
            if (store.member(reqid, node) == null) {
                store.putMember(reqid, DispatchMember.newBuilder().setNode(node).setExpected(true).build());
            }
        }
        for (String name : unknown) {
            store.putMember(reqid, DispatchMember.newBuilder().setNode(name).setExpected(false)
                    .setResult(Results.error(reqid, name, null, DispatchErrors.UNKNOWN_NODE)).build());
        }
        if (!unknown.isEmpty()) {
            log.info("request {} names unknown nodes {}", reqid, unknown);
        }
        entry.setAnsweredCount(answered);
        return entry;
    }

    /** Offers one node's Result to the entry (the caller stores the entry afterwards). */
    Recorded record(PendingDispatch entry, Result result) {
        String reqid = entry.getReqid();
        if (entry.getClosedAt() != null) {
            entry.setIgnored(entry.getIgnored() + 1);
            return Recorded.LATE;
        }
        DispatchMember member = store.member(reqid, result.getNode());
        if (entry.getRequest() == null) {
            if (member != null) {
                entry.setIgnored(entry.getIgnored() + 1);
                return Recorded.DUPLICATE;
            }
            store.putMember(reqid, DispatchMember.newBuilder().setNode(result.getNode()).setExpected(false).setResult(result).build());
            return Recorded.ACCEPTED;
        }
        if (member == null || !member.getExpected()) {
            entry.setIgnored(entry.getIgnored() + 1);
            return Recorded.UNEXPECTED;
        }
        if (member.getResult() != null) {
            entry.setIgnored(entry.getIgnored() + 1);
            return Recorded.DUPLICATE;
        }
        member.setResult(result);
        store.putMember(reqid, member);
        entry.setAnsweredCount(entry.getAnsweredCount() + 1);
        return Recorded.ACCEPTED;
    }

    /** Every expected node has answered (true at once when none is expected). */
    static boolean complete(PendingDispatch entry) {
        return entry.getRequest() != null && entry.getClosedAt() == null && entry.getAnsweredCount() >= entry.getExpectedCount();
    }

    /** The open request's deadline has passed. */
    static boolean overdue(PendingDispatch entry, Instant now) {
        return entry.getRequest() != null && entry.getClosedAt() == null && !now.isBefore(entry.getDeadline());
    }
}
