package io.mgmtbus.streams.dispatch;

import io.mgmtbus.contracts.dispatch.DispatchErrors;
import io.mgmtbus.contracts.dispatch.Results;
import io.mgmtbus.events.DispatchOutcome;
import io.mgmtbus.events.NodeDispatchRequest;
import io.mgmtbus.events.Result;
import io.mgmtbus.streams.DispatchSettings;
import io.mgmtbus.streams.outcome.Outcomes;
import io.mgmtbus.streams.state.DispatchMember;
import io.mgmtbus.streams.state.PendingDispatch;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request table of one task (Zeek's agent/controller {@code request.zeek}): who is expected
 * for each reqid, who answered, which requested names are unknown, and when it times out. It is
 * the only code that reads or writes the stores ({@link PendingDispatches}); the processors ask it
 * to open a request, record an answer, or sweep, and forward the outcomes it decides on.
 */
final class RequestTable {

    private static final Logger log = LoggerFactory.getLogger(RequestTable.class);

    private final PendingDispatches store;
    private final DispatchSettings settings;

    private RequestTable(PendingDispatches store, DispatchSettings settings) {
        this.store = store;
        this.settings = settings;
    }

    /** The table over the stores of the processor's task. */
    static RequestTable of(ProcessingContext context, DispatchSettings settings) {
        return new RequestTable(PendingDispatches.of(context, settings), settings);
    }

    /** Whether {@code reqid} is open or recently closed here: another copy of its request is a duplicate. */
    boolean opened(String reqid) {
        PendingDispatch entry = store.get(reqid);
        return entry != null && entry.getRequest() != null;
    }

    /**
     * Opens a request: expected = requested ∩ known (all known when none named), an error Result
     * for each requested name that is not known, and the deadline. Answers that came early count
     * when from an expected node. Returns the outcome when nothing is left to wait for.
     */
    Optional<DispatchOutcome> open(NodeDispatchRequest request, Set<String> knownNodes, Instant now) {
        String reqid = request.getReqid();
        if (opened(reqid)) {
            log.info("request {} seen again (duplicate or replay); its first copy stands", reqid);
            return Optional.empty();
        }
        PendingDispatch early = store.get(reqid);
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
        Duration defaultTimeout = settings.defaultTimeout();
        Instant deadline = request.getDeadline() != null ? request.getDeadline() : now.plus(defaultTimeout);
        Duration timeout = request.getDeadline() != null
                ? Duration.between(request.getIssuedAt(), request.getDeadline())
                : defaultTimeout;
        PendingDispatch entry = PendingDispatch.newBuilder()
                .setReqid(reqid)
                .setRequest(request)
                .setExpectedCount(expected.size())
                .setDeadline(deadline)
                .setTimeoutMs(Math.max(0, timeout.toMillis()))
                .setFirstSeen(early != null ? early.getFirstSeen() : now)
                .setIgnored(early != null ? early.getIgnored() : 0)
                .build();
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
                store.putMember(
                        reqid,
                        DispatchMember.newBuilder()
                                .setNode(node)
                                .setExpected(true)
                                .build());
            }
        }
        for (String name : unknown) {
            store.putMember(
                    reqid,
                    DispatchMember.newBuilder()
                            .setNode(name)
                            .setExpected(false)
                            .setResult(Results.error(reqid, name, null, DispatchErrors.UNKNOWN_NODE))
                            .build());
        }
        if (!unknown.isEmpty()) {
            log.info("request {} names unknown nodes {}", reqid, unknown);
        }
        entry.setAnsweredCount(answered);
        return closeIfComplete(entry, now);
    }

    /**
     * Records one node's answer to {@code reqid}. Answers from unexpected nodes, duplicates and
     * answers after the outcome are logged and not counted; an answer before its request is kept
     * for the grace period. Returns the outcome when this was the last expected answer.
     */
    Optional<DispatchOutcome> answer(String reqid, Result result, Instant now) {
        PendingDispatch entry = store.get(reqid);
        if (entry == null) {
            entry = PendingDispatch.newBuilder()
                    .setReqid(reqid)
                    .setFirstSeen(now)
                    .build();
        }
        String refused = record(entry, result);
        if (refused != null) {
            entry.setIgnored(entry.getIgnored() + 1);
            log.info("response of node {} to {} not counted: {}", result.getNode(), reqid, refused);
        }
        return closeIfComplete(entry, now);
    }

    /** Stores an accepted answer; returns why it is not counted, or null. */
    private String record(PendingDispatch entry, Result result) {
        String reqid = entry.getReqid();
        if (entry.getClosedAt() != null) {
            return "late";
        }
        DispatchMember member = store.member(reqid, result.getNode());
        if (entry.getRequest() == null) {
            if (member != null) {
                return "duplicate";
            }
            store.putMember(
                    reqid,
                    DispatchMember.newBuilder()
                            .setNode(result.getNode())
                            .setExpected(false)
                            .setResult(result)
                            .build());
            return null;
        }
        if (member == null || !member.getExpected()) {
            return "unexpected";
        }
        if (member.getResult() != null) {
            return "duplicate";
        }
        member.setResult(result);
        store.putMember(reqid, member);
        entry.setAnsweredCount(entry.getAnsweredCount() + 1);
        return null;
    }

    /**
     * What the wall clock decides: overdue requests close as TIMED_OUT (returned), answers whose
     * request never came within the grace period are dropped, old closed markers are forgotten.
     */
    List<DispatchOutcome> sweep(Instant now, int partition) {
        List<DispatchOutcome> timedOut = new ArrayList<>();
        for (PendingDispatch entry : store.dueBy(now)) {
            if (entry.getRequest() != null && entry.getClosedAt() == null && !now.isBefore(entry.getDeadline())) {
                timedOut.add(close(entry, Outcomes.timedOut(entry, store.members(entry.getReqid()), now), now));
                continue;
            }
            if (entry.getRequest() == null) {
                log.warn(
                        "dropping {} response(s) for reqid {} on partition {}: no request arrived there within {}"
                                + " (a node must answer on the partition number of the request it read)",
                        store.members(entry.getReqid()).size(),
                        entry.getReqid(),
                        partition,
                        settings.earlyResponseGrace());
            }
            store.delete(entry);
        }
        return timedOut;
    }

    private Optional<DispatchOutcome> closeIfComplete(PendingDispatch entry, Instant now) {
        boolean complete = entry.getRequest() != null
                && entry.getClosedAt() == null
                && entry.getAnsweredCount() >= entry.getExpectedCount();
        if (!complete) {
            store.put(entry);
            return Optional.empty();
        }
        return Optional.of(close(entry, Outcomes.complete(entry, store.members(entry.getReqid()), now), now));
    }

    /** Leaves only a small closed marker, which refuses late or replayed answers until it is forgotten. */
    private DispatchOutcome close(PendingDispatch entry, DispatchOutcome outcome, Instant now) {
        entry.setClosedAt(now);
        store.put(entry);
        store.deleteMembers(entry.getReqid());
        log.info(
                "request {} closed {}: {} ok, {} errors",
                entry.getReqid(),
                outcome.getState(),
                outcome.getSuccessCount(),
                outcome.getErrorCount());
        return outcome;
    }
}
