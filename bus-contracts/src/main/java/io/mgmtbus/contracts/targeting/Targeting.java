package io.mgmtbus.contracts.targeting;

import io.mgmtbus.events.NodeDispatchRequest;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Whom one request is for: the nodes it names (none named: every node), narrowed by its label
 * selector. Nodes ask it whether to run a request, the streams-app whom to wait for, so the two
 * cannot disagree. A rollout plan targets the same nodes but none runs it directly: the
 * streams-app starts them with wave requests, which name their nodes.
 */
public final class Targeting {

    private final Set<String> names;
    private final Selector selector;

    private Targeting(Set<String> names, Selector selector) {
        this.names = names;
        this.selector = selector;
    }

    /**
     * The targeting of {@code request}.
     *
     * @throws Selector.InvalidSelector when its selector does not parse
     */
    public static Targeting of(NodeDispatchRequest request) {
        String expression = request.getSelector();
        Selector selector = expression == null || expression.isBlank() ? null : Selector.parse(expression);
        return new Targeting(Set.copyOf(new LinkedHashSet<>(request.getNodes())), selector);
    }

    /** Whether the node {@code node} with {@code labels} is a target. */
    public boolean includes(String node, Map<String, String> labels) {
        return (names.isEmpty() || names.contains(node)) && (selector == null || selector.matches(node, labels));
    }

    /** Whether the request names its nodes (rather than reaching every node the selector allows). */
    public boolean namesNodes() {
        return !names.isEmpty();
    }

    public Optional<Selector> selector() {
        return Optional.ofNullable(selector);
    }

    /** A rollout's plan: the streams-app starts its nodes in waves, so no node runs it as it is. */
    public static boolean isRolloutPlan(NodeDispatchRequest request) {
        return request.getRollout() != null && request.getWave() == null;
    }

    /** A wave the streams-app derived from a rollout: run by the nodes it names, not opened again. */
    public static boolean isWave(NodeDispatchRequest request) {
        return request.getWave() != null;
    }
}
