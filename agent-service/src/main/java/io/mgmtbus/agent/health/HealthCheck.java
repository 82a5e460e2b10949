package io.mgmtbus.agent.health;

import io.mgmtbus.agent.view.BusView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The agent's {@code /health}: degraded when a part the operator relies on is dead (the
 * streams-app, or the agent's own reader of the bus), with one line per problem. Checks run at
 * most once a second, however often a load balancer asks.
 */
public final class HealthCheck {

    private static final Duration MAX_AGE = Duration.ofSeconds(1);

    private final StreamsAppStatus streamsApp;
    private final BusView view;
    private Report last;
    private long lastAt;

    /** One answer of the check. */
    public record Report(List<String> problems, int nodes) {

        public boolean healthy() {
            return problems.isEmpty();
        }

        /** The JSON body of {@code /health}. */
        public Map<String, Object> body() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", healthy() ? "ok" : "degraded");
            body.put("streams_app", problems.stream().anyMatch(p -> p.startsWith("streams-app")) ? "not running" : "running");
            body.put("nodes", nodes);
            if (!healthy()) {
                body.put("problems", problems);
            }
            return body;
        }
    }

    public HealthCheck(StreamsAppStatus streamsApp, BusView view) {
        this.streamsApp = streamsApp;
        this.view = view;
    }

    public synchronized Report report() {
        long now = System.nanoTime();
        if (last == null || now - lastAt > MAX_AGE.toNanos()) {
            List<String> problems = new ArrayList<>(streamsApp.problems());
            view.failure().ifPresent(problems::add);
            last = new Report(List.copyOf(problems), view.nodes().size());
            lastAt = now;
        }
        return last;
    }
}
