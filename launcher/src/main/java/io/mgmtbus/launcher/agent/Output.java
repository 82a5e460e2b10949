package io.mgmtbus.launcher.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.mgmtbus.agent.view.NodeStatus;
import io.mgmtbus.agent.view.Rendering;
import io.mgmtbus.agent.view.RequestStatus;
import io.mgmtbus.events.DispatchOutcome;
import io.mgmtbus.events.NodeDispatchRequest;
import io.mgmtbus.events.Result;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/** Prints what the CLI commands found, as JSON (for scripts) or as a table (for people). */
final class Output {

    enum Format {
        json,
        table
    }

    private Output() {}

    static void outcome(PrintStream out, DispatchOutcome outcome, Format format) {
        if (format == Format.json) {
            json(out, Rendering.outcome(outcome));
            return;
        }
        out.printf(
                "reqid %s: %s in %d ms (%d ok, %d errors%s)%n",
                outcome.getReqid(),
                outcome.getState().name().toLowerCase(),
                Duration.between(outcome.getIssuedAt(), outcome.getClosedAt()).toMillis(),
                outcome.getSuccessCount(),
                outcome.getErrorCount(),
                outcome.getNotStartedCount() > 0 ? ", " + outcome.getNotStartedCount() + " of them never started" : "");
        results(out, outcome.getResults());
    }

    static void results(PrintStream out, List<Result> results) {
        out.printf("%-20s %-7s %s%n", "NODE", "STATUS", "VALUE / ERROR");
        for (Result r : results) {
            out.printf(
                    "%-20s %-7s %s%n",
                    r.getNode() == null ? "-" : r.getNode(), // a request's own error names no node
                    r.getSuccess() ? "ok" : "error",
                    r.getSuccess() ? r.getData() : r.getError());
        }
    }

    static void nodes(PrintStream out, List<NodeStatus> nodes, Format format) {
        if (format == Format.json) {
            json(out, Rendering.nodes(nodes));
            return;
        }
        out.printf("%-20s %-16s %-6s %-25s %-24s %s%n", "NODE", "INSTANCE", "STATE", "LAST SEEN", "LABELS", "ACTIONS");
        nodes.forEach(n -> out.printf(
                "%-20s %-16s %-6s %-25s %-24s %s%n",
                n.node(),
                n.instance(),
                n.live() ? "live" : "stale",
                n.lastSeen(),
                n.labels().isEmpty()
                        ? "-"
                        : n.labels().entrySet().stream()
                                .map(e -> e.getKey() + "=" + e.getValue())
                                .collect(Collectors.joining(",")),
                String.join(",", n.actions())));
    }

    static void request(PrintStream out, RequestStatus status, Format format) {
        if (format == Format.json) {
            json(out, Rendering.request(status));
            return;
        }
        out.printf("reqid %s: %s%n", status.reqid(), status.state());
        if (status.request() != null) {
            NodeDispatchRequest request = status.request();
            out.printf(
                    "action %s, nodes %s%s%s, issued %s by %s%n",
                    request.getAction(),
                    request.getNodes().isEmpty() ? "(all)" : request.getNodes(),
                    request.getSelector() != null ? " matching " + request.getSelector() : "",
                    request.getRollout() != null
                            ? ", in batches of " + request.getRollout().getBatch()
                            : "",
                    request.getIssuedAt(),
                    request.getRequester());
        }
        results(out, status.outcome() != null ? status.outcome().getResults() : status.responses());
    }

    private static void json(PrintStream out, JsonNode node) {
        try {
            out.println(Rendering.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
