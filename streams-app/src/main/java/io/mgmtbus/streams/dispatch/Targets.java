package io.mgmtbus.streams.dispatch;

import io.mgmtbus.contracts.dispatch.DispatchErrors;
import io.mgmtbus.contracts.hello.Liveness;
import io.mgmtbus.contracts.targeting.Selector;
import io.mgmtbus.contracts.targeting.Targeting;
import io.mgmtbus.events.NodeDispatchRequest;
import io.mgmtbus.events.NodeHello;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Whom an opening request waits for, by the same {@link Targeting} the nodes filter themselves
 * with, over the known nodes: said hello, did not leave, heartbeat not overdue (a silent crash
 * is not waited for). A request naming nodes looks up just those; only a broadcast reads the
 * whole table.
 *
 * @param expected the nodes that must answer, in name order
 * @param unknown requested names that are not known nodes
 * @param problem why the request targets nobody (bad selector, or a selector matching no known
 *     node), or null
 */
record Targets(SortedSet<String> expected, List<String> unknown, String problem) {

    static Targets of(NodeDispatchRequest request, ReadOnlyKeyValueStore<String, NodeHello> nodes, Instant now) {
        Targeting targeting;
        try {
            targeting = Targeting.of(request);
        } catch (Selector.InvalidSelector e) {
            return new Targets(new TreeSet<>(), List.of(), e.getMessage());
        }
        SortedSet<String> expected = new TreeSet<>();
        List<String> unknown = new ArrayList<>();
        if (targeting.namesNodes()) {
            for (String name : new LinkedHashSet<>(request.getNodes())) {
                NodeHello hello = nodes.get(name);
                if (hello == null || !Liveness.isLive(hello, now)) {
                    unknown.add(name);
                } else if (targeting.includes(name, hello.getLabels())) {
                    expected.add(name);
                }
            }
        } else {
            try (KeyValueIterator<String, NodeHello> all = nodes.all()) {
                all.forEachRemaining(kv -> {
                    if (Liveness.isLive(kv.value, now) && targeting.includes(kv.key, kv.value.getLabels())) {
                        expected.add(kv.key);
                    }
                });
            }
        }
        String problem = targeting.selector().isPresent() && expected.isEmpty()
                ? DispatchErrors.noNodeMatches(targeting.selector().get().expression())
                : null;
        return new Targets(expected, unknown, problem);
    }

    /** A request that targets nobody for {@code problem} (e.g. a rollout limit that does not parse). */
    Targets refused(String why) {
        return new Targets(new TreeSet<>(), unknown, why);
    }
}
