package io.mgmtbus.node.action;

import io.mgmtbus.contracts.dispatch.DispatchErrors;
import io.mgmtbus.node.identity.Identifiers;
import io.mgmtbus.node.identity.NodeIdentity;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The actions every node has: {@code get_id_value} (Zeek's one built-in), {@code ping} and {@code list_actions}. */
public final class BuiltInActions {

    public static final String GET_ID_VALUE = "get_id_value";
    public static final String PING = "ping";
    public static final String LIST_ACTIONS = "list_actions";
    /** Every built-in action's name: an application's action may not take one. */
    public static final java.util.Set<String> NAMES = java.util.Set.of(GET_ID_VALUE, PING, LIST_ACTIONS);

    private BuiltInActions() {}

    /** {@code get_id_value NAME}: the identifier's current value. */
    public static Action getIdValue(Identifiers identifiers) {
        return args -> {
            if (args.isEmpty()) {
                throw new ActionError(DispatchErrors.GET_ID_VALUE_NEEDS_NAME);
            }
            return identifiers.lookup(args.get(0)).orElseThrow(() -> new ActionError(DispatchErrors.UNKNOWN_ID));
        };
    }

    /** {@code ping}: the node's name, instance and uptime, to see who is alive. */
    public static Action ping(NodeIdentity identity) {
        return args -> {
            Map<String, Object> pong = new LinkedHashMap<>();
            pong.put("node", identity.name());
            pong.put("instance", identity.instance());
            pong.put("started_at", identity.startedAt().toString());
            pong.put(
                    "uptime_ms",
                    Duration.between(identity.startedAt(), Instant.now()).toMillis());
            return pong;
        };
    }

    /** {@code list_actions}: the names of every action this node runs. */
    public static Action listActions(Supplier<List<String>> names) {
        return args -> names.get();
    }
}
