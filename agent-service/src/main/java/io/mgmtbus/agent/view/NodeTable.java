package io.mgmtbus.agent.view;

import io.mgmtbus.events.NodeHello;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The known nodes, from the compacted hello topic: a hello puts a node, a tombstone removes it. */
final class NodeTable {

    private final Map<String, NodeHello> nodes = new ConcurrentHashMap<>();

    void apply(String node, NodeHello hello) {
        if (hello == null) {
            nodes.remove(node);
        } else {
            nodes.put(node, hello);
        }
    }

    List<NodeStatus> nodes(Instant now) {
        return nodes.values().stream()
                .map(h -> NodeStatus.of(h, now))
                .sorted(Comparator.comparing(NodeStatus::node))
                .toList();
    }
}
