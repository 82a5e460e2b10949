package io.mgmtbus.agent.view;

import io.mgmtbus.events.DispatchOutcome;
import io.mgmtbus.events.NodeDispatchRequest;
import io.mgmtbus.events.Result;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the bus has recorded about one reqid: the request, the node answers so far, and the
 * outcome once the streams-app closed it.
 *
 * @param partition the request's partition number (where its answers, outcome and cancel go), or
 *     -1 when the request was not seen
 * @param answeredAt when each node that answered says it answered (its response's responded_at)
 */
public record RequestStatus(
        String reqid,
        NodeDispatchRequest request,
        List<Result> responses,
        DispatchOutcome outcome,
        int partition,
        Map<String, Instant> answeredAt) {

    /**
     * pending, complete, timed_out, cancelled or stopped; unknown_request when only answers or an
     * outcome were seen.
     */
    public String state() {
        if (outcome != null) {
            return outcome.getState().name().toLowerCase();
        }
        return request != null ? "pending" : "unknown_request";
    }
}
