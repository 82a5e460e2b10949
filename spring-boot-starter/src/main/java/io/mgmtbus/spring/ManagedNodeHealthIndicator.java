package io.mgmtbus.spring;

import io.mgmtbus.node.ManagedNode;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * Actuator's view of the node (component {@code managedNode}): UP while it answers requests,
 * DOWN before it started, after it stopped, once another process took its name, or once its
 * loop failed, with the reason.
 */
public class ManagedNodeHealthIndicator extends AbstractHealthIndicator {

    private final ManagedNodeLifecycle lifecycle;

    public ManagedNodeHealthIndicator(ManagedNodeLifecycle lifecycle) {
        super("the managed node's health could not be read");
        this.lifecycle = lifecycle;
    }

    @Override
    protected void doHealthCheck(Health.Builder health) {
        ManagedNode node = lifecycle.node();
        if (node == null) {
            health.down().withDetail("reason", "the node is not running");
            return;
        }
        health.withDetail("node", node.identity().name())
                .withDetail("instance", node.identity().instance())
                .withDetail("labels", node.identity().labels())
                .withDetail("actions", node.actionNames());
        if (node.isFenced() || node.failure().isDone()) {
            health.down().withDetail("reason", node.failure().getNow("another process took its name"));
        } else {
            health.up();
        }
    }
}
