package io.mgmtbus.node.dispatch;

/**
 * Points in the dispatch loop where tests can step in, e.g. to crash a node after it ran an
 * action and produced its answer but before the transaction commits.
 */
public interface DispatchHooks {

    DispatchHooks NONE = new DispatchHooks() {};

    /** Called inside the open transaction, after the batch's answers were sent, before the commit. */
    default void beforeCommit(int answers) {}
}
