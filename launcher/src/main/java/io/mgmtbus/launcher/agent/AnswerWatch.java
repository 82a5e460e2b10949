package io.mgmtbus.launcher.agent;

import io.mgmtbus.agent.view.BusView;
import io.mgmtbus.agent.view.NodeStatus;
import io.mgmtbus.agent.view.RequestStatus;
import io.mgmtbus.contracts.targeting.Selector;
import io.mgmtbus.contracts.targeting.Targeting;
import io.mgmtbus.events.DispatchOutcome;
import io.mgmtbus.events.NodeDispatchRequest;
import io.mgmtbus.events.Result;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code mgmt dispatch --watch}: each answer as it arrives, then a progress line such as {@code
 * [#######...] 734/1000 answered, 3 errors}. The total is the live nodes the request targets as
 * this CLI's view of the node table sees them (the streams-app decides the same way), and the
 * outcome's targeted count once it arrives. Errors counted are the nodes' own error answers;
 * the outcome adds those of silent, unknown or unstarted nodes.
 */
final class AnswerWatch {

    private static final Duration TICK = Duration.ofMillis(200);
    private static final int BAR_WIDTH = 30;

    private final BusView view;
    private final PrintStream out;

    AnswerWatch(BusView view, PrintStream out) {
        this.view = view;
        this.out = out;
    }

    /** Shows answers to {@code request} until its outcome arrives or {@code wait} passes; returns the outcome. */
    DispatchOutcome follow(NodeDispatchRequest request, Duration wait) throws Exception {
        CompletableFuture<DispatchOutcome> outcome = view.outcome(request.getReqid());
        int expected = expectedTargets(request);
        long deadline = System.nanoTime() + wait.toNanos();
        int shown = 0;
        int errors = 0;
        while (true) {
            List<Result> answers = view.request(request.getReqid())
                    .map(RequestStatus::responses)
                    .orElse(List.of());
            for (Result answer : answers.subList(shown, answers.size())) {
                errors += answer.getSuccess() ? 0 : 1;
                out.printf(
                        "  %-20s %-5s %s%n",
                        answer.getNode(),
                        answer.getSuccess() ? "ok" : "error",
                        answer.getSuccess() ? answer.getData() : answer.getError());
            }
            boolean progressed = answers.size() > shown;
            shown = answers.size();
            if (outcome.isDone()) {
                DispatchOutcome done = outcome.get();
                out.println(progress(shown, Math.max(done.getTargetedCount(), shown), errors) + ", "
                        + done.getState().name().toLowerCase());
                return done;
            }
            if (progressed) {
                out.println(progress(shown, Math.max(expected, shown), errors));
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException();
            }
            try {
                outcome.get(TICK.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException tick) {
                // look for new answers
            }
        }
    }

    private int expectedTargets(NodeDispatchRequest request) {
        Targeting targeting;
        try {
            targeting = Targeting.of(request);
        } catch (Selector.InvalidSelector e) {
            return 0;
        }
        return (int) view.nodes().stream()
                .filter(NodeStatus::live)
                .filter(n -> targeting.includes(n.node(), n.labels()))
                .count();
    }

    static String progress(int answered, int total, int errors) {
        int filled = total == 0 ? BAR_WIDTH : (int) ((long) BAR_WIDTH * Math.min(answered, total) / total);
        return "[" + "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled) + "] " + answered + "/" + total + " answered, "
                + errors + (errors == 1 ? " error" : " errors");
    }
}
