package io.mgmtbus.node.dispatch;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The reqids this node has seen cancelled, so a request it reaches later (it was busy, or it
 * catches up after a restart) is skipped rather than run. Written by the {@link CancelWatch}
 * thread, read by the dispatch loop. Bounded: the oldest cancels are forgotten first, and a node
 * that catches up that far runs what was cancelled before them (their requests are long past any
 * deadline in practice); reqids are at most {@code RecordRules.MAX_REQID_LENGTH} characters.
 */
final class CancelledRequests {

    static final int MAX_REMEMBERED = 100_000;

    private final Map<String, Instant> cancelled = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
            return size() > MAX_REMEMBERED;
        }
    };

    synchronized void add(String reqid, Instant at) {
        cancelled.putIfAbsent(reqid, at);
    }

    synchronized boolean contains(String reqid) {
        return cancelled.containsKey(reqid);
    }
}
