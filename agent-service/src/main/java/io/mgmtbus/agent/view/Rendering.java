package io.mgmtbus.agent.view;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mgmtbus.events.DispatchOutcome;
import io.mgmtbus.events.NodeDispatchRequest;
import io.mgmtbus.events.Result;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The JSON shapes the HTTP API and the CLI print. An outcome looks like zeek-client's answer:
 * {@code {"results": {"worker-01": <value>}, "errors": [{"node": ..., "error": ...}]}}, plus state and timing.
 */
public final class Rendering {

    public static final ObjectMapper JSON = new ObjectMapper();

    private Rendering() {}

    public static ObjectNode outcome(DispatchOutcome outcome) {
        ObjectNode json = JSON.createObjectNode();
        json.put("reqid", outcome.getReqid());
        json.put("state", outcome.getState().name().toLowerCase());
        ObjectNode results = json.putObject("results");
        ArrayNode errors = json.putArray("errors");
        for (Result r : outcome.getResults()) {
            if (r.getSuccess()) {
                results.set(r.getNode(), data(r.getData()));
            } else {
                errors.addObject().put("node", r.getNode()).put("error", r.getError());
            }
        }
        json.set("targeted", JSON.valueToTree(outcome.getTargeted()));
        json.put("targeted_count", outcome.getTargetedCount());
        json.put("issued_at", outcome.getIssuedAt().toString());
        json.put("closed_at", outcome.getClosedAt().toString());
        json.put(
                "duration_ms",
                Duration.between(outcome.getIssuedAt(), outcome.getClosedAt()).toMillis());
        json.put("success_count", outcome.getSuccessCount());
        json.put("error_count", outcome.getErrorCount());
        if (outcome.getNotStartedCount() > 0) {
            json.put("not_started_count", outcome.getNotStartedCount());
        }
        if (outcome.getResultsTruncated()) {
            json.put("results_truncated", true);
        }
        return json;
    }

    public static ObjectNode request(RequestStatus status) {
        ObjectNode json = JSON.createObjectNode();
        json.put("reqid", status.reqid());
        json.put("state", status.state());
        NodeDispatchRequest request = status.request();
        if (request != null) {
            ObjectNode r = json.putObject("request");
            r.set("action", JSON.valueToTree(request.getAction()));
            r.set("nodes", JSON.valueToTree(request.getNodes()));
            r.put("issued_at", request.getIssuedAt().toString());
            r.put(
                    "deadline",
                    request.getDeadline() == null ? null : request.getDeadline().toString());
            r.put("requester", request.getRequester());
            if (request.getSelector() != null) {
                r.put("select", request.getSelector());
            }
            if (request.getRollout() != null) {
                r.put("batch", request.getRollout().getBatch());
                r.put("max_errors", request.getRollout().getMaxErrors());
            }
        }
        ArrayNode responses = json.putArray("responses");
        status.responses().forEach(r -> {
            ObjectNode node = responses
                    .addObject()
                    .put("node", r.getNode())
                    .put("instance", r.getInstance())
                    .put("success", r.getSuccess());
            if (r.getSuccess()) {
                node.set("data", data(r.getData()));
            } else {
                node.put("error", r.getError());
            }
            Instant at = status.answeredAt().get(r.getNode());
            if (at != null) {
                node.put("responded_at", at.toString());
                if (request != null) {
                    node.put(
                            "after_ms",
                            Duration.between(request.getIssuedAt(), at).toMillis());
                }
            }
        });
        json.set("outcome", status.outcome() == null ? null : outcome(status.outcome()));
        return json;
    }

    /** A short line per request, newest first: for lists (the console's recent requests). */
    public static ArrayNode requestList(List<RequestStatus> statuses) {
        ArrayNode json = JSON.createArrayNode();
        for (RequestStatus status : statuses) {
            ObjectNode r = json.addObject();
            r.put("reqid", status.reqid());
            r.put("state", status.state());
            r.set("action", JSON.valueToTree(status.request().getAction()));
            r.put("issued_at", status.request().getIssuedAt().toString());
            r.put("requester", status.request().getRequester());
            r.put("answers", status.responses().size());
            DispatchOutcome outcome = status.outcome();
            if (outcome != null) {
                r.put(
                        "duration_ms",
                        Duration.between(outcome.getIssuedAt(), outcome.getClosedAt())
                                .toMillis());
                r.put("targeted_count", outcome.getTargetedCount());
                r.put("success_count", outcome.getSuccessCount());
                r.put("error_count", outcome.getErrorCount());
            }
        }
        return json;
    }

    public static ArrayNode nodes(List<NodeStatus> nodes) {
        ArrayNode json = JSON.createArrayNode();
        nodes.forEach(n -> json.addObject()
                .put("node", n.node())
                .put("instance", n.instance())
                .put("live", n.live())
                .put("last_seen", n.lastSeen().toString())
                .put("started_at", n.startedAt().toString())
                .<ObjectNode>set("labels", JSON.valueToTree(n.labels()))
                .set("actions", JSON.valueToTree(n.actions())));
        return json;
    }

    /** Result data is JSON text; embed it as JSON (or as a string if a node sent something else). */
    private static JsonNode data(String text) {
        if (text == null) {
            return JSON.nullNode();
        }
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            return JSON.getNodeFactory().textNode(text);
        }
    }
}
