package io.mgmtbus.node.dispatch;

/**
 * How a node's answers reach the responses topic. Either way the streams-app counts one answer
 * per (reqid, node) and writes one outcome per request; what differs is the records on the
 * responses topic after a crash, and the latency.
 */
public enum Delivery {

    /**
     * A batch of requests is answered and its offsets committed in one Kafka transaction: after
     * a crash the batch's answers are either all visible (read_committed) or none, and the node
     * answers again. A second process with the same node name fences the first. Costs a
     * transaction per batch (several times a plain produce at p50: see {@code mgmt bench}).
     */
    EXACTLY_ONCE,

    /**
     * Answers are sent with an idempotent producer and no transaction; offsets are committed
     * once every answer of the batch is acknowledged. A crash between the two sends the batch's
     * answers again: a duplicate answer record on the responses topic (and the action run again
     * on this node), never a doubled count or a second outcome, since the streams-app counts each
     * node once per reqid. No fencing: node names must be unique by configuration.
     */
    AT_LEAST_ONCE
}
