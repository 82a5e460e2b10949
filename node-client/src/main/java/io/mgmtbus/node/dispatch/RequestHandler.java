package io.mgmtbus.node.dispatch;

import io.mgmtbus.contracts.dispatch.Results;
import io.mgmtbus.contracts.targeting.Selector;
import io.mgmtbus.contracts.targeting.Targeting;
import io.mgmtbus.events.NodeDispatchRequest;
import io.mgmtbus.events.NodeDispatchResponse;
import io.mgmtbus.events.Result;
import io.mgmtbus.node.action.ActionRunner;
import io.mgmtbus.node.identity.NodeIdentity;
import java.time.Duration;
import java.time.Instant;

/**
 * What one node does with one request (Zeek's node/main.zeek): stay silent when the request is
 * for other nodes (by name or selector), is a rollout plan (the streams-app names this node in a
 * wave when its turn comes), was cancelled, or expired; otherwise run the action and answer with
 * its Result.
 */
public final class RequestHandler {

    /** The decision about one request. */
    public sealed interface Decision {
        /** Answer with this response. */
        record Answer(NodeDispatchResponse response) implements Decision {}

        /** Not for this node: a non-empty target set without its name. */
        record NotTargeted() implements Decision {}

        /** Its deadline passed before this node got to it: nodes must not execute late. */
        record Expired(Instant deadline) implements Decision {}

        /** A cancel for it arrived before this node got to it. */
        record Cancelled() implements Decision {}

        /** Its selector does not parse: no node runs it (the streams-app closes it with the error). */
        record BadSelector(String problem) implements Decision {}
    }

    private final NodeIdentity identity;
    private final ActionRunner runner;
    private final Duration defaultTimeToLive;

    /**
     * @param defaultTimeToLive how long after {@code issued_at} a request without a deadline may
     *     still be executed, so a node catching up does not run long-abandoned requests
     */
    public RequestHandler(NodeIdentity identity, ActionRunner runner, Duration defaultTimeToLive) {
        this.identity = identity;
        this.runner = runner;
        this.defaultTimeToLive = defaultTimeToLive;
    }

    /** Decides about {@code request}; {@code cancelled} says a cancel for it was seen. */
    public Decision handle(NodeDispatchRequest request, Instant now, boolean cancelled) {
        Targeting targeting;
        try {
            targeting = Targeting.of(request);
        } catch (Selector.InvalidSelector e) {
            return new Decision.BadSelector(e.getMessage());
        }
        if (Targeting.isRolloutPlan(request) || !targeting.includes(identity.name(), identity.labels())) {
            return new Decision.NotTargeted();
        }
        if (cancelled) {
            return new Decision.Cancelled();
        }
        Instant deadline = request.getDeadline() != null
                ? request.getDeadline()
                : request.getIssuedAt().plus(defaultTimeToLive);
        if (now.isAfter(deadline)) {
            return new Decision.Expired(deadline);
        }
        ActionRunner.Outcome outcome = runner.run(request.getAction());
        Result result = outcome.success()
                ? Results.success(request.getReqid(), identity.name(), identity.instance(), outcome.data())
                : Results.error(request.getReqid(), identity.name(), identity.instance(), outcome.error());
        return new Decision.Answer(NodeDispatchResponse.newBuilder()
                .setReqid(request.getReqid())
                .setResult(result)
                .setRespondedAt(Instant.now())
                .build());
    }
}
