package io.mgmtbus.streams.dispatch;

import io.mgmtbus.streams.state.PendingDispatch;
import io.mgmtbus.streams.state.RosterPart;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedSet;
import java.util.function.Function;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Who must answer each open request, in name order. A roster is written once, when its request
 * opens, in parts of at most {@link #PART_SIZE} names, and deleted when it closes: a broadcast to N
 * nodes costs N/1,000 changelog records to open instead of one per node, and each answer then adds
 * one record of its own (see {@link PendingDispatches}).
 *
 * <p>Every answer asks whether its node is on the roster, so the rosters of the last few requests
 * are kept decoded in memory. That is safe because a roster never changes while its request is
 * open; the memory is keyed by when the reqid was first seen, so a reqid opened again (a replay
 * after its closed marker was forgotten) reads its new roster. The memory is a cache of the store,
 * which stays the only truth: it is rebuilt from the store after a restart.
 */
final class Rosters {

    /** State store of "reqid NUL part number" -> RosterPart (RocksDB, with changelog). */
    static final String STORE = "pending-dispatch-rosters";

    /** Names per changelog record: about 20 KB for typical names, far below any message size limit. */
    static final int PART_SIZE = 1000;

    /**
     * About 15-25 MB of decoded names at most per processor that reads rosters (answers, sweeps,
     * cancels: up to three per task), whatever the fan-out.
     */
    private static final int REMEMBERED_NAMES = 250_000;

    private final KeyValueStore<String, RosterPart> parts;
    private final Function<String, List<String>> writtenBeforeRosters;
    private final Map<String, List<String>> remembered = new LinkedHashMap<>(16, 0.75f, true);
    private int rememberedNames;

    /**
     * @param writtenBeforeRosters the expected nodes of a reqid opened before rosters existed, in
     *     name order (read when a request that expects nodes has no roster)
     */
    Rosters(KeyValueStore<String, RosterPart> parts, Function<String, List<String>> writtenBeforeRosters) {
        this.parts = parts;
        this.writtenBeforeRosters = writtenBeforeRosters;
    }

    /** Writes the roster of the request {@code entry} opens. */
    void write(PendingDispatch entry, SortedSet<String> names) {
        List<String> roster = List.copyOf(names);
        for (int from = 0, part = 0; from < roster.size(); from += PART_SIZE, part++) {
            List<String> slice = roster.subList(from, Math.min(roster.size(), from + PART_SIZE));
            parts.put(partKey(entry.getReqid(), part), new RosterPart(new ArrayList<>(slice)));
        }
        // Not remembered here: the processor that opens a request seldom reads its roster again.
    }

    /** The roster of {@code entry}'s request, in name order (empty when nobody must answer). */
    List<String> of(PendingDispatch entry) {
        List<String> roster = remembered.get(memoryKey(entry));
        if (roster != null) {
            return roster;
        }
        List<String> read = new ArrayList<>(entry.getExpectedCount());
        try (KeyValueIterator<String, RosterPart> range =
                parts.range(ReqidKeys.from(entry.getReqid()), ReqidKeys.to(entry.getReqid()))) {
            range.forEachRemaining(kv -> read.addAll(kv.value.getNodes()));
        }
        if (read.isEmpty() && entry.getExpectedCount() > 0) {
            read.addAll(writtenBeforeRosters.apply(entry.getReqid()));
        }
        roster = Collections.unmodifiableList(read);
        remember(entry, roster);
        return roster;
    }

    boolean contains(PendingDispatch entry, String node) {
        return Collections.binarySearch(of(entry), node) >= 0;
    }

    /** Up to {@code limit} names of the roster after {@code after} in name order (null: from the first). */
    List<String> after(PendingDispatch entry, String after, int limit) {
        List<String> roster = of(entry);
        int start = 0;
        if (after != null) {
            int at = Collections.binarySearch(roster, after);
            start = at >= 0 ? at + 1 : -at - 1;
        }
        return List.copyOf(roster.subList(start, Math.min(roster.size(), start + limit)));
    }

    void delete(PendingDispatch entry) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, RosterPart> range =
                parts.range(ReqidKeys.from(entry.getReqid()), ReqidKeys.to(entry.getReqid()))) {
            range.forEachRemaining(kv -> keys.add(kv.key));
        }
        keys.forEach(parts::delete);
        List<String> forgotten = remembered.remove(memoryKey(entry));
        rememberedNames -= forgotten == null ? 0 : forgotten.size();
    }

    private void remember(PendingDispatch entry, List<String> roster) {
        List<String> replaced = remembered.put(memoryKey(entry), roster);
        rememberedNames += roster.size() - (replaced == null ? 0 : replaced.size());
        Iterator<List<String>> eldest = remembered.values().iterator();
        while (rememberedNames > REMEMBERED_NAMES && remembered.size() > 1) {
            rememberedNames -= eldest.next().size();
            eldest.remove();
        }
    }

    private static String memoryKey(PendingDispatch entry) {
        return ReqidKeys.of(entry.getReqid(), Long.toString(entry.getFirstSeen().toEpochMilli()));
    }

    /** Zero-padded, so key order is part order. */
    private static String partKey(String reqid, int part) {
        return ReqidKeys.of(reqid, String.format(Locale.ROOT, "%06d", part));
    }
}
