package io.mgmtbus.streams.dispatch;

import io.mgmtbus.streams.state.ExpectedNodes;
import io.mgmtbus.streams.state.PendingDispatch;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /** State store of "reqid NUL part number" -> ExpectedNodes (RocksDB, with changelog). */
    static final String STORE = "pending-dispatch-rosters";

    /** Names per changelog record: about 20 KB for typical names, far below any message size limit. */
    static final int PART_SIZE = 1000;

    /** About 15-25 MB of decoded names per processor at most, whatever the fan-out. */
    private static final int REMEMBERED_NAMES = 250_000;

    private static final char SEPARATOR = '\u0000';

    private final KeyValueStore<String, ExpectedNodes> parts;
    private final Map<String, List<String>> remembered = new LinkedHashMap<>(16, 0.75f, true);
    private int rememberedNames;

    Rosters(KeyValueStore<String, ExpectedNodes> parts) {
        this.parts = parts;
    }

    /** Writes the roster of the request {@code entry} opens; {@code names} must be in name order. */
    void write(PendingDispatch entry, Collection<String> names) {
        List<String> roster = List.copyOf(names);
        for (int from = 0, part = 0; from < roster.size(); from += PART_SIZE, part++) {
            List<String> slice = roster.subList(from, Math.min(roster.size(), from + PART_SIZE));
            parts.put(partKey(entry.getReqid(), part), new ExpectedNodes(new ArrayList<>(slice)));
        }
        remember(entry, roster);
    }

    /** The roster of {@code entry}'s request, in name order (empty when nobody must answer). */
    List<String> of(PendingDispatch entry) {
        List<String> roster = remembered.get(memoryKey(entry));
        if (roster != null) {
            return roster;
        }
        List<String> read = new ArrayList<>(entry.getExpectedCount());
        try (KeyValueIterator<String, ExpectedNodes> range =
                parts.range(from(entry.getReqid()), to(entry.getReqid()))) {
            range.forEachRemaining(kv -> read.addAll(kv.value.getNodes()));
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
        try (KeyValueIterator<String, ExpectedNodes> range =
                parts.range(from(entry.getReqid()), to(entry.getReqid()))) {
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
        return entry.getReqid() + SEPARATOR + entry.getFirstSeen().toEpochMilli();
    }

    /** Zero-padded, so key order is part order. */
    private static String partKey(String reqid, int part) {
        return String.format("%s%c%06d", reqid, SEPARATOR, part);
    }

    private static String from(String reqid) {
        return reqid + SEPARATOR;
    }

    private static String to(String reqid) {
        return reqid + (char) (SEPARATOR + 1);
    }
}
