package io.mgmtbus.contracts.dispatch;

import java.time.Duration;

/** The exact error strings of error Results, from Zeek where Zeek has one. Clients may match on them. */
public final class DispatchErrors {

    /** Node: the action vector was empty. */
    public static final String NO_ARGUMENTS = "no dispatch arguments provided";
    /** Node: get_id_value was called without a name. */
    public static final String GET_ID_VALUE_NEEDS_NAME = "get_id_value expects name of global identifier";
    /** Node: get_id_value of a name the node does not have. */
    public static final String UNKNOWN_ID = "unknown id";
    /** Streams-app: a requested node never said hello. */
    public static final String UNKNOWN_NODE = "unknown cluster node";
    /** Streams-app: the request was cancelled before this node's answer arrived. */
    public static final String CANCELLED = "cancelled";
    /** What every error of a node a rollout never started begins with. */
    public static final String NOT_STARTED = "not started";

    private DispatchErrors() {}

    /** Node: no action of that name is registered. */
    public static String unknownAction(String name) {
        return "dispatch " + name + " unknown";
    }

    /** Streams-app: a request's selector matches no known node (the Result names no node). */
    public static String noNodeMatches(String selector) {
        return "no known node matches selector '" + selector + "'";
    }

    /** Streams-app: a rollout never started this node, and why. */
    public static String notStarted(String why) {
        return NOT_STARTED + ": " + why;
    }

    /** Streams-app: an expected node stayed silent past the request's timeout. */
    public static String noResponseWithin(Duration timeout) {
        long millis = timeout.toMillis();
        String seconds = millis % 1000 == 0 ? Long.toString(millis / 1000) : String.format("%.1f", millis / 1000.0);
        return "no response within " + seconds + "s";
    }
}
