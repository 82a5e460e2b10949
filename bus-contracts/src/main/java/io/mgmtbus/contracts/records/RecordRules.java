package io.mgmtbus.contracts.records;

import io.mgmtbus.contracts.dispatch.RequestLimits;
import io.mgmtbus.events.DispatchCancel;
import io.mgmtbus.events.DispatchOutcome;
import io.mgmtbus.events.NodeDispatchRequest;
import io.mgmtbus.events.NodeDispatchResponse;
import io.mgmtbus.events.NodeHello;
import java.util.Optional;

/**
 * What makes a decoded record on a bus topic acceptable, beyond decoding: the rules every
 * component applies the same way, so a record one component refuses is refused by all (a node
 * must not answer a request the streams-app will never open). Each method returns the reason a
 * record is refused, or empty when it is fine.
 *
 * <p>The key must be the id the value carries (reqid, node name): the contracts fix it, readers
 * filter and compact by it, and a record whose key says something else is ambiguous.
 */
public final class RecordRules {

    /**
     * Longest reqid: far above a UUID, and it bounds what a node keeps per cancelled request (a
     * cancel with a megabyte-long reqid would otherwise cost every node a megabyte).
     */
    public static final int MAX_REQID_LENGTH = 256;

    private RecordRules() {}

    /** A request: a value with a reqid, within the {@link RequestLimits}, keyed by that reqid. */
    public static Optional<String> request(String key, NodeDispatchRequest request) {
        if (request == null) {
            return Optional.of("null value on the request topic (requests are never deleted by tombstone)");
        }
        if (blank(request.getReqid())) {
            return Optional.of("request has no reqid");
        }
        if (tooLong(request.getReqid())) {
            return Optional.of(reqidTooLong("request", request.getReqid()));
        }
        if (request.getWave() != null
                && (request.getNodes().isEmpty() || request.getSelector() != null || request.getRollout() != null)) {
            return Optional.of("wave " + request.getWave() + " of " + request.getReqid()
                    + " must name its nodes and carry no selector or rollout (waves are the streams-app's)");
        }
        Optional<String> tooBig = RequestLimits.current().check(request.getAction(), request.getNodes());
        if (tooBig.isPresent()) {
            return Optional.of("request " + request.getReqid() + " is too big: " + tooBig.get());
        }
        return keyIs("reqid", key, request.getReqid());
    }

    /** A response: a reqid, a Result naming its node, keyed by the reqid. */
    public static Optional<String> response(String key, NodeDispatchResponse response) {
        if (response == null) {
            return Optional.of("null value on the response topic");
        }
        if (blank(response.getReqid())) {
            return Optional.of("response has no reqid");
        }
        if (tooLong(response.getReqid())) {
            return Optional.of(reqidTooLong("response", response.getReqid()));
        }
        if (response.getResult() == null || blank(response.getResult().getNode())) {
            return Optional.of(
                    "response to " + response.getReqid() + " has no result.node: the answering node is unknown");
        }
        return keyIs("reqid", key, response.getReqid());
    }

    /** A cancel: a reqid, keyed by it. */
    public static Optional<String> cancel(String key, DispatchCancel cancel) {
        if (cancel == null) {
            return Optional.of("null value on the cancel topic");
        }
        if (blank(cancel.getReqid())) {
            return Optional.of("cancel has no reqid");
        }
        if (tooLong(cancel.getReqid())) {
            return Optional.of(reqidTooLong("cancel", cancel.getReqid()));
        }
        return keyIs("reqid", key, cancel.getReqid());
    }

    /** A hello keyed by its node's name; a null value (tombstone) needs only the key. */
    public static Optional<String> hello(String key, NodeHello hello) {
        if (blank(key)) {
            return Optional.of(
                    hello == null ? "tombstone without a node name as key" : "hello without a node name as key");
        }
        if (hello == null) {
            return Optional.empty();
        }
        if (blank(hello.getNode())) {
            return Optional.of("hello has no node name");
        }
        return keyIs("node name", key, hello.getNode());
    }

    /** An outcome: a reqid, keyed by it. */
    public static Optional<String> outcome(String key, DispatchOutcome outcome) {
        if (outcome == null) {
            return Optional.of("null value on the outcome topic");
        }
        if (blank(outcome.getReqid())) {
            return Optional.of("outcome has no reqid");
        }
        return keyIs("reqid", key, outcome.getReqid());
    }

    private static Optional<String> keyIs(String what, String key, String expected) {
        if (expected.equals(key)) {
            return Optional.empty();
        }
        return Optional.of(
                key == null || key.isEmpty()
                        ? "record has no key: the key must be its " + what + " '" + expected + "'"
                        : "key '" + key + "' is not the record's " + what + " '" + expected + "'");
    }

    private static boolean tooLong(String reqid) {
        return reqid.length() > MAX_REQID_LENGTH;
    }

    private static String reqidTooLong(String what, String reqid) {
        return what + " reqid has " + reqid.length() + " characters; at most " + MAX_REQID_LENGTH + " are allowed";
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
