package io.mgmtbus.streams.dispatch;

import io.mgmtbus.streams.DispatchSettings;
import io.mgmtbus.streams.state.DispatchMember;
import io.mgmtbus.streams.state.PendingDispatch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedSet;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The pending-dispatch state of one task: a small {@link PendingDispatch} summary per reqid, the
 * {@link Rosters roster} of who must answer it (written once, in parts), a {@link DispatchMember}
 * per answer and per unknown requested name, so no record grows with the fan-out and a broadcast
 * writes about one record per answer rather than one per node at open, answer and close; and an
 * index of when each entry next needs attention (its deadline, the end of an early response's
 * grace, or when a closed marker may be forgotten). The wall-clock sweep reads only the index up
 * to now.
 */
final class PendingDispatches {

    /** State store of PendingDispatch by reqid (RocksDB, with changelog). */
    static final String STORE = "pending-dispatches";
    /** State store of "due-millis|reqid" -> reqid (RocksDB, with changelog). */
    static final String DUE_INDEX = "pending-dispatches-due";
    /**
     * State store of "reqid NUL node" -> DispatchMember (RocksDB, with changelog): answers, early
     * answers and unknown requested names. Expected nodes that have not answered have no record.
     */
    static final String MEMBERS = "pending-dispatch-members";

    private final KeyValueStore<String, PendingDispatch> entries;
    private final KeyValueStore<String, String> due;
    private final KeyValueStore<String, DispatchMember> members;
    private final Rosters rosters;
    private final DispatchSettings settings;

    private PendingDispatches(
            KeyValueStore<String, PendingDispatch> entries,
            KeyValueStore<String, String> due,
            KeyValueStore<String, DispatchMember> members,
            Rosters rosters,
            DispatchSettings settings) {
        this.entries = entries;
        this.due = due;
        this.members = members;
        this.rosters = rosters;
        this.settings = settings;
    }

    /** The stores as a processor of the topology sees them. */
    static PendingDispatches of(ProcessingContext context, DispatchSettings settings) {
        KeyValueStore<String, DispatchMember> members = context.getStateStore(MEMBERS);
        return new PendingDispatches(
                context.getStateStore(STORE),
                context.getStateStore(DUE_INDEX),
                members,
                new Rosters(context.getStateStore(Rosters.STORE), reqid -> expectedMembers(members, reqid)),
                settings);
    }

    /**
     * The expected nodes of a request opened before rosters existed, which kept a member record
     * per expected node: read so that requests open across an upgrade still close correctly.
     */
    private static List<String> expectedMembers(KeyValueStore<String, DispatchMember> members, String reqid) {
        List<String> expected = new ArrayList<>();
        try (KeyValueIterator<String, DispatchMember> range =
                members.range(ReqidKeys.from(reqid), ReqidKeys.to(reqid))) {
            range.forEachRemaining(kv -> {
                if (kv.value.getExpected()) {
                    expected.add(kv.value.getNode());
                }
            });
        }
        expected.sort(null);
        return expected;
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

    /** The stored members of {@code reqid} (answers, early answers, unknown names), in node-name order. */
    List<DispatchMember> stored(String reqid) {
        List<DispatchMember> result = new ArrayList<>();
        try (KeyValueIterator<String, DispatchMember> range =
                members.range(ReqidKeys.from(reqid), ReqidKeys.to(reqid))) {
            range.forEachRemaining(kv -> result.add(kv.value));
        }
        return result;
    }

    /**
     * Every member of an opened request: each node of its roster in name order (with its answer, if
     * any, and whether a rollout has started it), then its unknown names.
     */
    List<DispatchMember> members(PendingDispatch entry) {
        Map<String, DispatchMember> stored = new HashMap<>();
        stored(entry.getReqid()).forEach(m -> stored.put(m.getNode(), m));
        List<DispatchMember> result = new ArrayList<>(entry.getExpectedCount() + stored.size());
        for (String node : rosters.of(entry)) {
            DispatchMember answer = stored.remove(node);
            result.add(DispatchMember.newBuilder()
                    .setNode(node)
                    .setExpected(true)
                    .setStarted(RolloutDriver.hasStarted(entry, node))
                    .setResult(answer == null ? null : answer.getResult())
                    .build());
        }
        stored.values().stream()
                .filter(m -> !m.getExpected())
                .sorted(Comparator.comparing(DispatchMember::getNode))
                .forEach(result::add);
        return result;
    }

    /** Writes who must answer the request {@code entry} opens. */
    void putRoster(PendingDispatch entry, SortedSet<String> expected) {
        rosters.write(entry, expected);
    }

    boolean isExpected(PendingDispatch entry, String node) {
        return rosters.contains(entry, node);
    }

    /**
     * Up to {@code limit} expected nodes after {@code after} in name order (null: from the first).
     * A rollout starts nodes in name order, so all after its last started node are unstarted.
     */
    List<String> rosterAfter(PendingDispatch entry, String after, int limit) {
        return rosters.after(entry, after, limit);
    }

    /** Deletes everything kept about the nodes of {@code entry}: its roster and stored members. */
    void forgetMembers(PendingDispatch entry) {
        stored(entry.getReqid()).forEach(m -> deleteMember(entry.getReqid(), m.getNode()));
        rosters.delete(entry);
    }

    private static String memberKey(String reqid, String node) {
        return ReqidKeys.of(reqid, node);
    }

    PendingDispatch get(String reqid) {
        return entries.get(reqid);
    }

    /**
     * Stores the entry and keeps the due index in step. The due time changes only when the entry
     * opens or closes, not with each answer, so most puts write the entry alone (an answer to a
     * broadcast of thousands would otherwise rewrite the index thousands of times). Returns when
     * the entry is due.
     */
    Instant put(PendingDispatch entry) {
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
        return dueAt;
    }

    void delete(PendingDispatch entry) {
        due.delete(indexKey(dueAt(entry), entry.getReqid()));
        entries.delete(entry.getReqid());
        forgetMembers(entry);
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
                if (entry == null) {
                    staleKeys.add(kv.key); // its entry is gone: left by other settings before a restart
                } else if (dueAt(entry).isAfter(now)) {
                    staleKeys.add(kv.key);
                    misplaced.add(entry);
                } else {
                    result.add(entry);
                }
            });
        }
        staleKeys.forEach(due::delete);
        misplaced.forEach(entry -> due.put(indexKey(dueAt(entry), entry.getReqid()), entry.getReqid()));
        return result;
    }

    /** When the earliest entry is due, or null when there is none. */
    Instant earliestDue() {
        try (KeyValueIterator<String, String> all = due.all()) {
            return all.hasNext()
                    ? Instant.ofEpochMilli(Long.parseLong(all.next().key.substring(0, 19)))
                    : null;
        }
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
        return String.format(Locale.ROOT, "%019d|%s", Math.max(0, at.toEpochMilli()), reqid);
    }
}
