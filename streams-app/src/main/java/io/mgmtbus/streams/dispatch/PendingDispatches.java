package io.mgmtbus.streams.dispatch;

import io.mgmtbus.streams.DispatchSettings;
import io.mgmtbus.streams.state.DispatchMember;
import io.mgmtbus.streams.state.PendingDispatch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The pending-dispatch state of one task: a small {@link PendingDispatch} summary per reqid, a
 * {@link DispatchMember} per (reqid, node) so no record grows with the fan-out (a broadcast to
 * thousands of nodes would otherwise write multi-megabyte changelog records), and an index of
 * when each entry next needs attention (its deadline, the end of an early response's grace, or
 * when a closed marker may be forgotten). The wall-clock sweep reads only the index up to now.
 */
final class PendingDispatches {

    /** State store of PendingDispatch by reqid (RocksDB, with changelog). */
    static final String STORE = "pending-dispatches";
    /** State store of "due-millis|reqid" -> reqid (RocksDB, with changelog). */
    static final String DUE_INDEX = "pending-dispatches-due";
    /** State store of "reqid NUL node" -> DispatchMember (RocksDB, with changelog). */
    static final String MEMBERS = "pending-dispatch-members";

    private static final char SEPARATOR = '\u0000';

    private final KeyValueStore<String, PendingDispatch> entries;
    private final KeyValueStore<String, String> due;
    private final KeyValueStore<String, DispatchMember> members;
    private final DispatchSettings settings;

    private PendingDispatches(
            KeyValueStore<String, PendingDispatch> entries,
            KeyValueStore<String, String> due,
            KeyValueStore<String, DispatchMember> members,
            DispatchSettings settings) {
        this.entries = entries;
        this.due = due;
        this.members = members;
        this.settings = settings;
    }

    /** The stores as a processor of the topology sees them. */
    static PendingDispatches of(ProcessingContext context, DispatchSettings settings) {
        return new PendingDispatches(
                context.getStateStore(STORE),
                context.getStateStore(DUE_INDEX),
                context.getStateStore(MEMBERS),
                settings);
    }

    DispatchMember member(String reqid, String node) {
        return members.get(memberKey(reqid, node));
    }

    void putMember(String reqid, DispatchMember member) {
        members.put(memberKey(reqid, member.getNode()), member);
    }

    void deleteMember(String reqid, String node) {
        members.delete(memberKey(reqid, node));
    }

    /** Every member of {@code reqid}, in node-name order. */
    List<DispatchMember> members(String reqid) {
        List<DispatchMember> result = new ArrayList<>();
        try (KeyValueIterator<String, DispatchMember> range =
                members.range(reqid + SEPARATOR, reqid + (char) (SEPARATOR + 1))) {
            range.forEachRemaining(kv -> result.add(kv.value));
        }
        return result;
    }

    /**
     * Up to {@code limit} expected members not yet started, in name order after {@code after}
     * (null: from the first). A rollout starts nodes in name order, so all after its last
     * started node are unstarted; only unknown names are skipped.
     */
    List<DispatchMember> unstartedAfter(String reqid, String after, int limit) {
        List<DispatchMember> result = new ArrayList<>();
        String from = after == null ? reqid + SEPARATOR : memberKey(reqid, after) + SEPARATOR;
        try (KeyValueIterator<String, DispatchMember> range = members.range(from, reqid + (char) (SEPARATOR + 1))) {
            while (range.hasNext() && result.size() < limit) {
                DispatchMember member = range.next().value;
                if (member.getExpected() && !member.getStarted() && member.getResult() == null) {
                    result.add(member);
                }
            }
        }
        return result;
    }

    void deleteMembers(String reqid) {
        members(reqid).forEach(m -> deleteMember(reqid, m.getNode()));
    }

    private static String memberKey(String reqid, String node) {
        return reqid + SEPARATOR + node;
    }

    PendingDispatch get(String reqid) {
        return entries.get(reqid);
    }

    /**
     * Stores the entry and keeps the due index in step. The due time changes only when the entry
     * opens or closes, not with each answer, so most puts write the entry alone (an answer to a
     * broadcast of thousands would otherwise rewrite the index thousands of times).
     */
    void put(PendingDispatch entry) {
        PendingDispatch previous = entries.get(entry.getReqid());
        Instant dueAt = dueAt(entry);
        Instant before = previous == null ? null : dueAt(previous);
        if (before != null && !before.equals(dueAt)) {
            due.delete(indexKey(before, entry.getReqid()));
        }
        entries.put(entry.getReqid(), entry);
        if (!dueAt.equals(before)) {
            due.put(indexKey(dueAt, entry.getReqid()), entry.getReqid());
        }
    }

    void delete(PendingDispatch entry) {
        due.delete(indexKey(dueAt(entry), entry.getReqid()));
        entries.delete(entry.getReqid());
        deleteMembers(entry.getReqid());
    }

    /**
     * Entries whose time has come by {@code now}, earliest first. An index key that no longer
     * says when its entry is due (left by other settings before a restart, since {@link #put}
     * only rewrites the index when a due time changes) is moved to where the entry is due.
     */
    List<PendingDispatch> dueBy(Instant now) {
        List<PendingDispatch> result = new ArrayList<>();
        List<PendingDispatch> misplaced = new ArrayList<>();
        List<String> staleKeys = new ArrayList<>();
        try (KeyValueIterator<String, String> range = due.range(indexKey(Instant.EPOCH, ""), indexKey(now, "\uffff"))) {
            range.forEachRemaining(kv -> {
                PendingDispatch entry = entries.get(kv.value);
                if (entry != null && dueAt(entry).isAfter(now)) {
                    staleKeys.add(kv.key);
                    misplaced.add(entry);
                } else if (entry != null) {
                    result.add(entry);
                }
            });
        }
        staleKeys.forEach(due::delete);
        misplaced.forEach(entry -> due.put(indexKey(dueAt(entry), entry.getReqid()), entry.getReqid()));
        return result;
    }

    /** When an entry next needs the sweep: close it, drop it, or forget it. */
    Instant dueAt(PendingDispatch entry) {
        if (entry.getClosedAt() != null) {
            return entry.getClosedAt().plus(settings.closedRetention());
        }
        if (entry.getRequest() == null && entry.getCancelledAt() != null) {
            // As long as a closed reqid is remembered: nodes skip the request for an hour too.
            return entry.getCancelledAt().plus(settings.closedRetention());
        }
        if (entry.getRequest() == null) {
            return entry.getFirstSeen().plus(settings.earlyResponseGrace());
        }
        return entry.getDeadline();
    }

    /** Zero-padded millis first, so the store's lexicographic order is time order. */
    private static String indexKey(Instant at, String reqid) {
        return String.format("%019d|%s", Math.max(0, at.toEpochMilli()), reqid);
    }
}
