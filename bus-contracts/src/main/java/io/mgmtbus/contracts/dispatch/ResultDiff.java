package io.mgmtbus.contracts.dispatch;

import io.mgmtbus.events.DispatchOutcome;
import io.mgmtbus.events.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * How an outcome computed again (by a replay, or by rebuilding outcomes) differs from the
 * original, node by node: state, success flag, data and error. Reqids may differ by design and
 * are not compared; neither are timings.
 */
public final class ResultDiff {

    private ResultDiff() {}

    /** One line per node whose result differs, e.g. {@code worker-02: data "1.4" -> "1.5"}; empty when equal. */
    public static List<String> between(DispatchOutcome original, DispatchOutcome replayed) {
        Map<String, Result> before = byNode(original);
        Map<String, Result> after = byNode(replayed);
        List<String> differences = new ArrayList<>();
        if (original.getState() != replayed.getState()) {
            differences.add("state " + original.getState() + " -> " + replayed.getState());
        }
        for (String node : new TreeSet<>(union(before, after))) {
            Result a = before.get(node);
            Result b = after.get(node);
            if (a == null || b == null) {
                differences.add(node + ": " + (a == null ? "no result originally" : "no result now"));
            } else if (a.getSuccess() != b.getSuccess()) {
                differences.add(node + ": " + describe(a) + " -> " + describe(b));
            } else if (!Objects.equals(a.getData(), b.getData())) {
                differences.add(node + ": data " + a.getData() + " -> " + b.getData());
            } else if (!Objects.equals(a.getError(), b.getError())) {
                differences.add(node + ": error " + a.getError() + " -> " + b.getError());
            }
        }
        return differences;
    }

    /** Where a Result without a node (the request's own error, e.g. a selector matching nobody) is compared. */
    static final String REQUEST = "(request)";

    private static String describe(Result r) {
        return r.getSuccess() ? "ok " + r.getData() : "error " + r.getError();
    }

    private static Map<String, Result> byNode(DispatchOutcome outcome) {
        Map<String, Result> results = new TreeMap<>();
        outcome.getResults().forEach(r -> results.put(r.getNode() == null ? REQUEST : r.getNode(), r));
        return results;
    }

    private static TreeSet<String> union(Map<String, Result> a, Map<String, Result> b) {
        TreeSet<String> nodes = new TreeSet<>(a.keySet());
        nodes.addAll(b.keySet());
        return nodes;
    }
}
