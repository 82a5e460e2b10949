package io.mgmtbus.streams.dispatch;

import io.mgmtbus.contracts.dispatch.DispatchErrors;
import io.mgmtbus.contracts.dispatch.Results;
import io.mgmtbus.contracts.records.RefusedRecord;
import io.mgmtbus.events.DispatchCancel;
import io.mgmtbus.events.DispatchOutcome;
import io.mgmtbus.events.NodeDispatchRequest;
import io.mgmtbus.events.Result;
import io.mgmtbus.streams.DispatchSettings;
import io.mgmtbus.streams.index.Locations;
import io.mgmtbus.streams.outcome.Outcomes;
import io.mgmtbus.streams.outcome.Routed;
import io.mgmtbus.streams.state.DispatchMember;
import io.mgmtbus.streams.state.PendingDispatch;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request table of one task (Zeek's agent/controller {@code request.zeek}): who is expected
 * for each reqid, who answered, which requested names are unknown, and when it times out. It and
 * its {@link RolloutDriver} are the only code that reads or writes the stores ({@link
 * PendingDispatches}); the processors ask it to open a request, record an answer, cancel, or
 * sweep, and forward the outcomes (and rollout waves) it decides on.
 */
final class RequestTable {

    private static final Logger log = LoggerFactory.getLogger(RequestTable.class);

    private final PendingDispatches store;
    private final DispatchSettings settings;
    private final TableOutput output;
    private final RolloutDriver rollouts;
    private final SweepSchedule sweeps;

    private RequestTable(ProcessorContext<String, Routed> context, DispatchSettings settings) {
        this.store = PendingDispatches.of(context, settings);
        this.settings = settings;
        this.output = new TableOutput(context);
        this.rollouts = new RolloutDriver(store, output);
        int partition = context.taskId().partition();
        this.sweeps = new SweepSchedule(
                context, settings.sweepInterval(), millis -> sweep(Instant.ofEpochMilli(millis), partition));
    }

    /**
     * The table over the stores of the processor's task, writing its decisions to the task's sinks
     * and sweeping (see {@link #sweep}) when its entries come due.
     */
    static RequestTable of(ProcessorContext<String, Routed> context, DispatchSettings settings) {
        return new RequestTable(context, settings);
    }

    /**
     * Opens a request: expected = its {@link Targets}, an error Result for each requested name that
     * is not known (and one without a node when it targets nobody), and the deadline. Answers that
     * came early count when from an expected node. A rollout starts its first wave; a request whose
     * cancel came first closes CANCELLED at once. Writes where the request is to the index, and the
     * outcome when nothing is left to wait for.
     *
     * @param source where the request record is (partition and offset)
     * @param stamped the request record's timestamp
     */
    void open(NodeDispatchRequest request, Targets targets, Instant now, RecordMetadata source, Instant stamped) {
        String reqid = request.getReqid();
        PendingDispatch early = store.get(reqid);
        if (early != null && early.getRequest() != null) {
            log.info("request {} seen again (duplicate or replay); its first copy stands", reqid);
            return;
        }
        Instant deadline = settings.deadlineOf(request, now);
        Duration timeout = request.getDeadline() != null
                ? Duration.between(request.getIssuedAt(), request.getDeadline())
                : settings.defaultTimeout();
        PendingDispatch entry = PendingDispatch.newBuilder()
                .setReqid(reqid)
                .setRequest(request)
                .setDeadline(deadline)
                .setTimeoutMs(Math.max(0, timeout.toMillis()))
                .setFirstSeen(early != null ? early.getFirstSeen() : now)
                .setIgnored(early != null ? early.getIgnored() : 0)
                .setCancelledAt(early != null ? early.getCancelledAt() : null)
                .setLocation(Locations.opened(request, source, stamped, deadline, now, settings))
                .build();
        if (targets.problem() == null && request.getRollout() != null) {
            String invalid = RolloutDriver.plan(
                    entry, request.getRollout(), targets.expected().size());
            targets = invalid == null ? targets : targets.refused(invalid);
        }
        SortedSet<String> expected = targets.expected();
        entry.setExpectedCount(expected.size());
        entry.setProblem(targets.problem());
        boolean rollout = RolloutDriver.isRollout(entry);
        entry.setAnsweredCount(early == null ? 0 : adoptEarlyAnswers(entry, expected, rollout));
        store.putRoster(entry, expected);
        for (String name : targets.unknown()) {
            store.putMember(
                    reqid,
                    DispatchMember.newBuilder()
                            .setNode(name)
                            .setExpected(false)
                            .setResult(Results.error(reqid, name, null, DispatchErrors.UNKNOWN_NODE))
                            .build());
        }
        if (!targets.unknown().isEmpty()) {
            log.info("request {} names unknown nodes {}", reqid, targets.unknown());
        }
        if (targets.problem() != null) {
            log.info("request {} targets nobody: {}", reqid, targets.problem());
        }
        if (entry.getCancelledAt() != null) {
            List<DispatchMember> members = store.members(entry);
            close(entry, Outcomes.cancelled(entry, members, now), members, now);
            return;
        }
        if (rollout) {
            rollouts.startNext(entry, now);
        }
        if (!closeIfComplete(entry, now)) {
            output.located(entry.getLocation(), now);
        }
    }

    /** The entry of a reqid seen for the first time without its request (an early answer or cancel). */
    private static PendingDispatch firstSeen(String reqid, Instant now) {
        return PendingDispatch.newBuilder().setReqid(reqid).setFirstSeen(now).build();
    }

    /**
     * Checks that a wave read back from the request topic is one this table wrote: a rollout of
     * that reqid has written at least that many waves. Anything else was forged by another
     * writer of the request topic (nodes run it all the same); it is refused, so it shows in the
     * dead-letter topic instead of passing unseen.
     */
    void confirmWave(NodeDispatchRequest wave) {
        PendingDispatch entry = store.get(wave.getReqid());
        if (entry == null || !RolloutDriver.isRollout(entry) || wave.getWave() > entry.getWaves()) {
            throw new RefusedRecord("wave " + wave.getWave() + " of " + wave.getReqid()
                    + " was not written by the streams-app: no rollout of that reqid wrote it");
        }
    }

    /**
     * Counts the answers that came before their request when from an expected node, drops the
     * rest; returns how many count. Nobody runs a rollout before its wave names them, so an early
     * answer to a rollout counts for nothing.
     */
    private int adoptEarlyAnswers(PendingDispatch entry, Set<String> expected, boolean rollout) {
        int answered = 0;
        for (DispatchMember earlyAnswer : store.stored(entry.getReqid())) {
            if (!rollout && expected.contains(earlyAnswer.getNode())) {
                earlyAnswer.setExpected(true);
                store.putMember(entry.getReqid(), earlyAnswer);
                answered++;
            } else {
                store.deleteMember(entry.getReqid(), earlyAnswer.getNode());
                entry.setIgnored(entry.getIgnored() + 1);
            }
        }
        return answered;
    }

    /**
     * Records one node's answer to {@code reqid}. Answers from unexpected nodes, duplicates and
     * answers after the outcome are logged and not counted; an answer before its request is kept
     * for the grace period. Writes the outcome when this was the last expected answer.
     */
    void answer(String reqid, Result result, Instant now) {
        PendingDispatch entry = store.get(reqid);
        if (entry == null) {
            entry = firstSeen(reqid, now);
        }
        String refused = record(entry, result);
        if (refused != null) {
            entry.setIgnored(entry.getIgnored() + 1);
            log.info("response of node {} to {} not counted: {}", result.getNode(), reqid, refused);
        } else if (entry.getRequest() != null && RolloutDriver.isRollout(entry)) {
            rollouts.answered(entry, result);
            rollouts.startNext(entry, now);
        }
        closeIfComplete(entry, now);
    }

    /**
     * Closes an open request as CANCELLED, keeping the answers that arrived. A cancel that comes
     * before its request is kept (like an early answer) and closes the request when it opens; a
     * cancel of a closed request changes nothing.
     */
    void cancel(DispatchCancel cancel, Instant now) {
        String reqid = cancel.getReqid();
        PendingDispatch entry = store.get(reqid);
        if (entry != null && entry.getClosedAt() != null) {
            log.info(
                    "cancel of {} by {} changes nothing: it closed at {}",
                    reqid,
                    cancel.getRequester(),
                    entry.getClosedAt());
            return;
        }
        if (entry == null || entry.getRequest() == null) {
            if (entry == null) {
                entry = firstSeen(reqid, now);
            }
            entry.setCancelledAt(now);
            keep(entry);
            log.info("cancel of {} came before its request: it closes cancelled when it opens", reqid);
            return;
        }
        log.info("request {} cancelled by {}", reqid, cancel.getRequester());
        List<DispatchMember> members = store.members(entry);
        close(entry, Outcomes.cancelled(entry, members, now), members, now);
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
        if (!store.isExpected(entry, result.getNode())) {
            return "unexpected";
        }
        if (!RolloutDriver.hasStarted(entry, result.getNode())) {
            return "not started by the rollout yet";
        }
        if (member != null && member.getResult() != null) {
            return "duplicate";
        }
        store.putMember(
                reqid,
                DispatchMember.newBuilder()
                        .setNode(result.getNode())
                        .setExpected(true)
                        .setResult(result)
                        .build());
        entry.setAnsweredCount(entry.getAnsweredCount() + 1);
        return null;
    }

    /**
     * Cancels this table's punctuations: Kafka Streams keeps a task's punctuations when it closes
     * and revives the task, whose processors then make new tables.
     */
    void close() {
        sweeps.close();
        output.close();
    }

    /** Stores the entry, and makes sure a sweep comes when it is due. */
    private void keep(PendingDispatch entry) {
        sweeps.dueBy(store.put(entry));
    }

    /**
     * What the wall clock decides: overdue requests close as TIMED_OUT, answers whose request
     * never came within the grace period are dropped, old closed markers are forgotten. Then the
     * next sweep is set for the earliest entry still due.
     */
    private void sweep(Instant now, int partition) {
        for (PendingDispatch entry : store.dueBy(now)) {
            if (entry.getRequest() != null && entry.getClosedAt() == null && !now.isBefore(entry.getDeadline())) {
                List<DispatchMember> members = store.members(entry);
                close(entry, Outcomes.timedOut(entry, members, now), members, now);
                continue;
            }
            if (entry.getRequest() == null) {
                int early = store.stored(entry.getReqid()).size();
                if (early > 0) {
                    log.warn(
                            "dropping {} response(s) for reqid {} on partition {}: no request arrived there within {}"
                                    + " (a node must answer on the partition number of the request it read)",
                            early,
                            entry.getReqid(),
                            partition,
                            settings.earlyResponseGrace());
                }
                if (entry.getCancelledAt() != null) {
                    log.info(
                            "forgetting the cancel of {}: no request arrived on partition {} within {}",
                            entry.getReqid(),
                            partition,
                            settings.closedRetention());
                }
            }
            store.delete(entry);
        }
        sweeps.swept(store.earliestDue());
    }

    /**
     * Closes the entry when every node that will run has answered (COMPLETE, or STOPPED for a
     * rollout that held nodes back); otherwise stores it. Returns whether it closed.
     */
    private boolean closeIfComplete(PendingDispatch entry, Instant now) {
        boolean complete = entry.getRequest() != null && entry.getClosedAt() == null && RolloutDriver.finished(entry);
        if (!complete) {
            keep(entry);
            return false;
        }
        List<DispatchMember> members = store.members(entry);
        close(entry, Outcomes.complete(entry, members, now), members, now);
        return true;
    }

    /**
     * Writes the outcome and the index entry saying where it is; leaves only a small closed
     * marker, which refuses late or replayed answers until it is forgotten.
     */
    private void close(PendingDispatch entry, DispatchOutcome outcome, List<DispatchMember> members, Instant now) {
        entry.setClosedAt(now);
        if (entry.getLocation() != null) { // null for requests opened before the index existed
            entry.setLocation(Locations.closed(entry.getLocation(), now));
        }
        keep(entry);
        store.forgetMembers(entry);
        log.info(
                "request {} closed {}: {} ok, {} errors",
                entry.getReqid(),
                outcome.getState(),
                outcome.getSuccessCount(),
                outcome.getErrorCount());
        output.outcome(outcome, now);
        if (entry.getLocation() != null) {
            output.located(entry.getLocation(), now);
        }
    }
}
