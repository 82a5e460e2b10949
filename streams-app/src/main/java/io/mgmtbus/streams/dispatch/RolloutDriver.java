package io.mgmtbus.streams.dispatch;

import io.mgmtbus.contracts.dispatch.RequestLimits;
import io.mgmtbus.contracts.rollout.RolloutLimit;
import io.mgmtbus.events.NodeDispatchRequest;
import io.mgmtbus.events.Result;
import io.mgmtbus.events.Rollout;
import io.mgmtbus.streams.state.PendingDispatch;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a rollout (Salt's {@code --batch}, SSM's max-concurrency and max-errors) from the request
 * table's state alone: nodes start in name order, at most {@code batch_size} started and not yet
 * answered, the next one as soon as one answers; once {@code max_errors} answers are errors no
 * node starts any more. Starting nodes means writing a wave request naming them, in the same
 * transaction as the state that says how far they started (the last started name), so a restart resumes where the committed state
 * is and never starts a node twice.
 */
final class RolloutDriver {

    private static final Logger log = LoggerFactory.getLogger(RolloutDriver.class);

    private final PendingDispatches store;
    private final TableOutput output;

    RolloutDriver(PendingDispatches store, TableOutput output) {
        this.store = store;
        this.output = output;
    }

    /**
     * Resolves the rollout's limits against its number of targets into the entry; returns why
     * they do not parse, or null.
     */
    static String plan(PendingDispatch entry, Rollout rollout, int targets) {
        try {
            int batch = RolloutLimit.parse(rollout.getBatch()).of(targets);
            Integer maxErrors = rollout.getMaxErrors() == null
                    ? null
                    : RolloutLimit.parse(rollout.getMaxErrors()).of(targets);
            entry.setBatchSize(batch);
            entry.setMaxErrors(maxErrors);
            entry.setStartedCount(0);
            return null;
        } catch (RolloutLimit.InvalidLimit e) {
            return e.getMessage();
        }
    }

    static boolean isRollout(PendingDispatch entry) {
        return entry.getBatchSize() != null;
    }

    /**
     * Whether {@code node} (one of the entry's expected nodes) may run: every node of a request
     * without rollout may; a rollout has started the nodes up to its last started one in name order.
     */
    static boolean hasStarted(PendingDispatch entry, String node) {
        if (!isRollout(entry)) {
            return true;
        }
        return entry.getLastStarted() != null && node.compareTo(entry.getLastStarted()) <= 0;
    }

    /** Whether every node that will ever run has answered: all started (or the rollout stopped) and answered. */
    static boolean finished(PendingDispatch entry) {
        if (!isRollout(entry)) {
            return entry.getAnsweredCount() >= entry.getExpectedCount();
        }
        boolean noMoreStarts = entry.getStopped() || entry.getStartedCount() >= entry.getExpectedCount();
        return noMoreStarts && entry.getAnsweredCount() >= entry.getStartedCount();
    }

    /** Counts a counted answer against the error budget; stops the rollout when it is spent. */
    void answered(PendingDispatch entry, Result result) {
        if (result.getSuccess()) {
            return;
        }
        entry.setErrorAnswers(entry.getErrorAnswers() + 1);
        if (entry.getMaxErrors() != null && !entry.getStopped() && entry.getErrorAnswers() >= entry.getMaxErrors()) {
            entry.setStopped(true);
            log.info(
                    "rollout {} stopped after {} errors: {} of {} nodes started",
                    entry.getReqid(),
                    entry.getErrorAnswers(),
                    entry.getStartedCount(),
                    entry.getExpectedCount());
        }
    }

    /** Starts as many nodes as the batch has room for, in one or more wave requests. */
    void startNext(PendingDispatch entry, Instant now) {
        int running = entry.getStartedCount() - entry.getAnsweredCount();
        int room = entry.getBatchSize() - running;
        if (entry.getStopped() || room <= 0 || entry.getStartedCount() >= entry.getExpectedCount()) {
            return;
        }
        List<String> names = store.rosterAfter(entry, entry.getLastStarted(), room);
        if (names.isEmpty()) {
            return;
        }
        entry.setStartedCount(entry.getStartedCount() + names.size());
        entry.setLastStarted(names.get(names.size() - 1));
        int chunk = Math.max(1, RequestLimits.current().maxTargetNames());
        for (int from = 0; from < names.size(); from += chunk) {
            entry.setWaves(entry.getWaves() + 1);
            output.wave(wave(entry, names.subList(from, Math.min(names.size(), from + chunk))), now);
        }
        log.debug("rollout {} wave {} starts {}", entry.getReqid(), entry.getWaves(), names);
    }

    /** The request that starts {@code nodes}: the rollout's action and deadline, naming just them. */
    private static NodeDispatchRequest wave(PendingDispatch entry, List<String> nodes) {
        NodeDispatchRequest plan = entry.getRequest();
        return NodeDispatchRequest.newBuilder(plan)
                .setNodes(List.copyOf(nodes))
                .setSelector(null)
                .setRollout(null)
                .setDeadline(entry.getDeadline())
                .setWave(entry.getWaves())
                .build();
    }
}
