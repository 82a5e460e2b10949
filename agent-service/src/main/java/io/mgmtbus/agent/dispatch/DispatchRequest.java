package io.mgmtbus.agent.dispatch;

import io.mgmtbus.contracts.config.Durations;
import io.mgmtbus.contracts.dispatch.DispatchDefaults;
import io.mgmtbus.contracts.dispatch.RequestLimits;
import io.mgmtbus.contracts.rollout.RolloutLimit;
import io.mgmtbus.contracts.targeting.Selector;
import io.mgmtbus.events.Rollout;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What an operator asks for, validated before anything is produced: a non-empty action vector,
 * well-formed node names, a selector and rollout limits that parse, and a sane timeout.
 *
 * @param action action[0] is the command, the rest its arguments
 * @param nodes target node names; empty means all nodes
 * @param timeout how long to wait for the nodes; becomes the request's deadline
 * @param selector label selector the targets must also match, or null
 * @param batch at most this many nodes at once ({@code 5} or {@code 25%}), or null for all at once
 * @param maxErrors stop starting nodes after this many errors ({@code 2} or {@code 10%}), or null
 */
public record DispatchRequest(
        List<String> action, List<String> nodes, Duration timeout, String selector, String batch, String maxErrors) {

    public static final Duration MIN_TIMEOUT = Duration.ofMillis(100);
    public static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);
    private static final Pattern NODE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,200}");

    /** Thrown for input that must not become a request; the message is for the operator. */
    public static final class Invalid extends IllegalArgumentException {
        Invalid(String message) {
            super(message);
        }
    }

    public DispatchRequest {
        if (action == null
                || action.isEmpty()
                || action.get(0) == null
                || action.get(0).isBlank()) {
            throw new Invalid(
                    "action must be a non-empty list whose first element names the command, e.g. [\"get_id_value\", \"Cluster::node\"]");
        }
        if (action.stream().anyMatch(a -> a == null)) {
            throw new Invalid("action elements must be strings, not null");
        }
        nodes = nodes == null ? List.of() : nodes;
        RequestLimits.current().check(action, nodes).ifPresent(tooBig -> {
            throw new Invalid(tooBig);
        });
        for (String node : nodes) {
            if (node == null || !NODE_NAME.matcher(node).matches()) {
                throw new Invalid("bad node name '" + node + "': use 1-200 letters, digits, '.', '_' or '-'");
            }
        }
        if (nodes.stream().distinct().count() != nodes.size()) {
            throw new Invalid("node names must not repeat: " + nodes);
        }
        timeout = timeout == null ? DispatchDefaults.TIMEOUT : timeout;
        if (timeout.compareTo(MIN_TIMEOUT) < 0 || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new Invalid("timeout " + timeout.toMillis() + "ms is out of range: use " + MIN_TIMEOUT.toMillis()
                    + "ms to " + MAX_TIMEOUT.toMinutes() + "min");
        }
        action = List.copyOf(action);
        nodes = List.copyOf(nodes);
        selector = selector == null || selector.isBlank() ? null : selector.trim();
        if (selector != null) {
            try {
                Selector.parse(selector);
            } catch (Selector.InvalidSelector e) {
                throw new Invalid(e.getMessage());
            }
        }
        batch = limit("batch", batch);
        maxErrors = limit("max-errors", maxErrors);
        if (maxErrors != null && batch == null) {
            throw new Invalid("max-errors needs a batch: without one every node starts at once, so no error can"
                    + " hold any node back");
        }
    }

    /** A request to every node (or {@code nodes}) at once, without selector. */
    public DispatchRequest(List<String> action, List<String> nodes, Duration timeout) {
        this(action, nodes, timeout, null, null, null);
    }

    /** The rollout plan of this request, or null when it runs everywhere at once. */
    public Rollout rollout() {
        return batch == null
                ? null
                : Rollout.newBuilder().setBatch(batch).setMaxErrors(maxErrors).build();
    }

    private static String limit(String what, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return RolloutLimit.parse(text).toString();
        } catch (RolloutLimit.InvalidLimit e) {
            throw new Invalid(what + ": " + e.getMessage());
        }
    }

    /** Parses a timeout as {@link Durations#parse} does; a bad one is {@link Invalid}. */
    public static Duration parseTimeout(String text) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new Invalid("bad timeout '" + text + "': use e.g. 5s, 500ms, 2m or PT5S");
        }
    }
}
