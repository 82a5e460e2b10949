package io.mgmtbus.node.dispatch;

import io.mgmtbus.contracts.dispatch.Results;
import io.mgmtbus.events.NodeDispatchRequest;
import io.mgmtbus.events.NodeDispatchResponse;
import io.mgmtbus.events.Result;
import io.mgmtbus.node.action.ActionRunner;
import io.mgmtbus.node.identity.NodeIdentity;
import java.time.Duration;
import java.time.Instant;

/**
 * What one node does with one request (Zeek's node/main.zeek): stay silent when another node is
 * targeted or the request expired, otherwise run the action and answer with its Result.
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

    public Decision handle(NodeDispatchRequest request, Instant now) {
        if (!request.getNodes().isEmpty() && !request.getNodes().contains(identity.name())) {
            return new Decision.NotTargeted();
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
