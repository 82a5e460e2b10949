package io.mgmtbus.agent.view;

import io.mgmtbus.events.NodeHello;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A known node as its latest hello describes it. It is live while its heartbeat is on time
 * (sent within three intervals); stale afterwards, which usually means it died without saying goodbye.
 */
public record NodeStatus(String node, String instance, List<String> actions, Instant startedAt, Instant lastSeen, boolean live) {

    private static final Duration UNKNOWN_INTERVAL_GRACE = Duration.ofSeconds(30);

    static NodeStatus of(NodeHello hello, Instant now) {
        Duration grace = hello.getHeartbeatIntervalMs() > 0 ? Duration.ofMillis(3 * hello.getHeartbeatIntervalMs()) : UNKNOWN_INTERVAL_GRACE;
        boolean live = !now.isAfter(hello.getSentAt().plus(grace));
        return new NodeStatus(hello.getNode(), hello.getInstance(), List.copyOf(hello.getActions()), hello.getStartedAt(), hello.getSentAt(), live);
    }
}
