package io.mgmtbus.contracts.hello;

import io.mgmtbus.events.NodeHello;
import java.time.Duration;
import java.time.Instant;

/**
 * When a node counts as alive: while its heartbeats are on time. A node that died without its
 * goodbye tombstone stops being live after three missed intervals (30 s when it never said
 * how often it beats), and readers treat it as gone.
 */
public final class Liveness {

    public static final int MISSED_HEARTBEATS = 3;
    public static final Duration UNKNOWN_INTERVAL_GRACE = Duration.ofSeconds(30);

    private Liveness() {}

    public static boolean isLive(NodeHello hello, Instant now) {
        Duration grace = hello.getHeartbeatIntervalMs() > 0
                ? Duration.ofMillis(MISSED_HEARTBEATS * hello.getHeartbeatIntervalMs())
                : UNKNOWN_INTERVAL_GRACE;
        return !now.isAfter(hello.getSentAt().plus(grace));
    }
}
