package io.mgmtbus.streams.dispatch;

/**
 * Keys of the state kept per (reqid, something): "reqid NUL something", so that everything of one
 * reqid is one contiguous range of a store, whatever the something (a node name, a part number).
 */
final class ReqidKeys {

    private static final char SEPARATOR = '\u0000';

    private ReqidKeys() {}

    static String of(String reqid, String suffix) {
        return reqid + SEPARATOR + suffix;
    }

    /** The first key of {@code reqid}'s range (inclusive). */
    static String from(String reqid) {
        return reqid + SEPARATOR;
    }

    /** The end of {@code reqid}'s range (exclusive in order, a key no suffix reaches). */
    static String to(String reqid) {
        return reqid + (char) (SEPARATOR + 1);
    }
}
