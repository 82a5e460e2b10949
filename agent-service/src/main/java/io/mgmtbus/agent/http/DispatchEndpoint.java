package io.mgmtbus.agent.http;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;
import io.mgmtbus.agent.dispatch.DispatchRequest;
import io.mgmtbus.agent.dispatch.Dispatcher;
import io.mgmtbus.agent.view.BusView;
import io.mgmtbus.agent.view.Rendering;
import io.mgmtbus.events.DispatchOutcome;
import io.mgmtbus.events.NodeDispatchRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@code POST /dispatch[?wait=true]}: issues a request; with {@code wait}, answers with its outcome. */
final class DispatchEndpoint implements EndpointGroup {

    /** How much longer than the request's timeout a waiting call waits for the streams-app's outcome. */
    static final Duration OUTCOME_GRACE = Duration.ofSeconds(5);

    private final Dispatcher dispatcher;
    private final BusView view;
    private final AgentMetrics metrics;

    DispatchEndpoint(Dispatcher dispatcher, BusView view, AgentMetrics metrics) {
        this.dispatcher = dispatcher;
        this.view = view;
        this.metrics = metrics;
    }

    @Override
    public List<Endpoint> endpoints() {
        return List.of(new Endpoint(HandlerType.POST, "/dispatch", this::dispatch));
    }

    private void dispatch(Context ctx) throws InterruptedException {
        JsonBody body = JsonBody.of(ctx);
        DispatchRequest request = new DispatchRequest(
                body.strings("action"),
                body.strings("nodes"),
                body.timeout("timeout"),
                body.text("select"),
                body.text("batch"),
                body.text("max_errors"));
        NodeDispatchRequest issued = dispatcher.dispatch(request);
        metrics.issued();
        if (!Boolean.parseBoolean(ctx.queryParam("wait"))) {
            ctx.status(202).json(Map.of("reqid", issued.getReqid(), "state", "pending"));
            return;
        }
        var pending = view.outcome(issued.getReqid());
        Duration wait = request.timeout().plus(OUTCOME_GRACE);
        try {
            DispatchOutcome outcome = pending.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            ctx.status(200).json(Rendering.outcome(outcome));
        } catch (TimeoutException e) {
            PendingAnswer.send(
                    ctx,
                    504,
                    issued.getReqid(),
                    "no outcome within " + wait.toSeconds() + "s: is the streams-app running?");
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof BusView.ViewClosedException)) {
                throw new IllegalStateException(e.getCause());
            }
            PendingAnswer.send(
                    ctx,
                    503,
                    issued.getReqid(),
                    "the agent is stopping; the request was dispatched and still closes on the bus: ask GET /requests/"
                            + issued.getReqid() + " of a running agent");
        }
    }
}
