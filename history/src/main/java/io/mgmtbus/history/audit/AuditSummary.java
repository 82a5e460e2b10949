package io.mgmtbus.history.audit;

import io.mgmtbus.events.DispatchCancel;
import io.mgmtbus.events.DispatchOutcome;
import io.mgmtbus.events.NodeDispatchRequest;
import io.mgmtbus.events.NodeDispatchResponse;
import io.mgmtbus.events.NodeHello;
import io.mgmtbus.events.Result;

/** One line saying what an audit event is: the table and CSV outputs of mgmt audit. */
public final class AuditSummary {

    private AuditSummary() {}

    public static String of(AuditEvent event) {
        if (event.problem() != null) {
            return "undecodable: " + event.problem();
        }
        Object value = event.event();
        if (value instanceof NodeDispatchRequest r) {
            return (r.getWave() != null ? "wave " + r.getWave() + " of the rollout: " : "request ")
                    + String.join(" ", r.getAction()) + " to "
                    + (r.getNodes().isEmpty() ? "all nodes" : String.join(",", r.getNodes()))
                    + (r.getSelector() != null ? " matching " + r.getSelector() : "")
                    + (r.getRollout() != null
                            ? " in batches of " + r.getRollout().getBatch()
                                    + (r.getRollout().getMaxErrors() != null
                                            ? ", stopping after "
                                                    + r.getRollout().getMaxErrors() + " errors"
                                            : "")
                            : "")
                    + (r.getWave() != null ? " (by the streams-app)" : "")
                    + (r.getRequester() != null && r.getWave() == null ? " by " + r.getRequester() : "");
        }
        if (value instanceof DispatchCancel c) {
            return "cancel" + (c.getRequester() != null ? " by " + c.getRequester() : "")
                    + (c.getReason() != null ? ": " + c.getReason() : "");
        }
        if (value instanceof NodeDispatchResponse r) {
            Result result = r.getResult();
            return "answer from " + result.getNode() + ": "
                    + (result.getSuccess() ? "ok " + result.getData() : "error " + result.getError());
        }
        if (value instanceof DispatchOutcome o) {
            return "outcome " + o.getState().name().toLowerCase() + ": " + o.getSuccessCount() + " ok, "
                    + o.getErrorCount() + " errors";
        }
        if (value instanceof NodeHello h) {
            return "hello from " + h.getNode() + " (" + String.join(",", h.getActions()) + ")";
        }
        if (value instanceof AuditEvent.DeadLetterView d) {
            return "dead letter from " + d.sourceTopic() + "-" + d.sourcePartition() + "@" + d.sourceOffset() + " by "
                    + d.component() + ": " + d.reason();
        }
        return event.topic() == io.mgmtbus.history.audit.AuditTopic.HELLOS ? "node left" : "null value";
    }
}
