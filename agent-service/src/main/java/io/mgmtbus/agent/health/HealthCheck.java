package io.mgmtbus.agent.health;

import io.mgmtbus.agent.view.BusView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The agent's {@code /health}: degraded when a part the operator relies on is dead (the
 * streams-app, or the agent's own reader of the bus), with one line per problem. The broker is
 * asked at most once a second, by one caller at a time; others get the last answer meanwhile.
 */
public final class HealthCheck {

    private static final Duration MAX_AGE = Duration.ofSeconds(1);

    private final StreamsAppStatus streamsApp;
    private final BusView view;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private volatile Report last;
    private volatile long lastAt;

    /** One answer of the check. */
    public record Report(StreamsAppStatus.Status streamsApp, List<String> problems, int nodes) {

        public boolean healthy() {
            return problems.isEmpty();
        }

        /** The JSON body of {@code /health}. */
        public Map<String, Object> body() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", healthy() ? "ok" : "degraded");
            body.put("streams_app", streamsApp.label());
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
        refresh();
    }

    public Report report() {
        if (System.nanoTime() - lastAt > MAX_AGE.toNanos() && refreshing.compareAndSet(false, true)) {
            try {
                refresh();
            } finally {
                refreshing.set(false);
            }
        }
        return last;
    }

    private void refresh() {
        StreamsAppStatus.Status status = streamsApp.check();
        List<String> problems = new ArrayList<>(status.problems());
        view.failure().ifPresent(problems::add);
        last = new Report(status, List.copyOf(problems), view.nodes().size());
        lastAt = System.nanoTime();
    }
}
