package io.mgmtbus.agent.view;

import io.mgmtbus.contracts.hello.Liveness;
import io.mgmtbus.events.NodeHello;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A known node as its latest hello describes it: live while its heartbeat is on time (see
 * {@link Liveness}), stale afterwards, which usually means it died without saying goodbye.
 */
public record NodeStatus(
        String node,
        String instance,
        List<String> actions,
        Map<String, String> labels,
        Instant startedAt,
        Instant lastSeen,
        boolean live) {

    static NodeStatus of(NodeHello hello, Instant now) {
        boolean live = Liveness.isLive(hello, now);
        return new NodeStatus(
                hello.getNode(),
                hello.getInstance(),
                List.copyOf(hello.getActions()),
                new TreeMap<>(hello.getLabels()),
                hello.getStartedAt(),
                hello.getSentAt(),
                live);
    }
}
