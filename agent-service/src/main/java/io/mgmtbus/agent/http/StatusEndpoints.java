package io.mgmtbus.agent.http;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;
import io.mgmtbus.agent.health.HealthCheck;
import io.mgmtbus.agent.view.BusView;
import io.mgmtbus.agent.view.Rendering;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;

/** {@code GET /nodes}, {@code GET /health} and {@code GET /metrics}: the bus's and the agent's state. */
final class StatusEndpoints implements EndpointGroup {

    private final BusView view;
    private final HealthCheck health;
    private final PrometheusMeterRegistry meters;

    StatusEndpoints(BusView view, HealthCheck health, PrometheusMeterRegistry meters) {
        this.view = view;
        this.health = health;
        this.meters = meters;
    }

    @Override
    public List<Endpoint> endpoints() {
        return List.of(
                new Endpoint(HandlerType.GET, "/nodes", ctx -> ctx.json(Rendering.nodes(view.nodes()))),
                new Endpoint(HandlerType.GET, "/health", this::health),
                new Endpoint(
                        HandlerType.GET,
                        "/metrics",
                        ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                                .result(meters.scrape())));
    }

    private void health(Context ctx) {
        HealthCheck.Report report = health.report();
        ctx.status(report.healthy() ? 200 : 503).json(report.body());
    }
}
