package io.mgmtbus.node.action;

import java.util.List;

/**
 * One named thing a node can do when asked (Zeek's dispatch table entry). It receives the
 * arguments (the action vector without its first element) and returns the payload, which the
 * node serializes to JSON for {@code Result.data}. To fail with a specific message, throw
 * {@link ActionError}; any other exception becomes an error Result naming the exception.
 */
@FunctionalInterface
public interface Action {

    Object run(List<String> args) throws Exception;
}
