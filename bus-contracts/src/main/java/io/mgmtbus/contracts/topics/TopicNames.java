package io.mgmtbus.contracts.topics;

/** The base names of the bus topics (before the configurable prefix). Fixed by the contracts. */
public final class TopicNames {

    /** What every bus topic name starts with (after the configurable prefix). */
    public static final String FAMILY = "mgmt.";

    /** NodeDispatchRequest by reqid; the audit log of everything asked. */
    public static final String REQUESTS = "mgmt.dispatch.requests";
    /** NodeDispatchResponse by reqid; one per (reqid, node). */
    public static final String RESPONSES = "mgmt.dispatch.responses";
    /** DispatchOutcome by reqid; one per request. */
    public static final String OUTCOMES = "mgmt.dispatch.outcomes";
    /** DispatchCancel by reqid, on its request's partition number; the audit log of everything stopped. */
    public static final String CANCELS = "mgmt.dispatch.cancels";
    /** NodeHello by node name, compacted; null value = node left. */
    public static final String HELLOS = "mgmt.node.hellos";
    /** Records no component could decode, with headers saying where they came from and why. */
    public static final String DEAD_LETTER = "mgmt.deadletter";
    /** Dead letters re-driven to their source topic, by source coordinates, compacted: none is re-driven twice. */
    public static final String REDRIVEN = "mgmt.deadletter.redriven";

    /** RequestLocation by reqid, compacted: where each request's records are, for lookups without a time range. */
    public static final String REQUEST_INDEX = "mgmt.index.requests";

    private TopicNames() {}
}
