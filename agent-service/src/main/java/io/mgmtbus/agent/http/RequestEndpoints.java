package io.mgmtbus.agent.http;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;
import io.mgmtbus.agent.dispatch.Canceller;
import io.mgmtbus.agent.view.BusView;
import io.mgmtbus.agent.view.Rendering;
import io.mgmtbus.agent.view.RequestHistory;
import io.mgmtbus.agent.view.RequestStatus;
import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.config.Durations;
import io.mgmtbus.contracts.topics.BusTopics;
import io.mgmtbus.events.DispatchOutcome;
import io.mgmtbus.events.OutcomeState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code GET /requests}, {@code GET /requests/{reqid}} and {@code DELETE /requests/{reqid}}:
 * requests as the agent's view holds them, older ones through the request index, and cancels.
 */
final class RequestEndpoints implements EndpointGroup {

    /** How long a cancel waits for a request the agent's view has not read yet. */
    static final Duration JUST_WRITTEN = Duration.ofSeconds(2);

    private final BusConfig config;
    private final BusTopics topics;
    private final BusView view;
    private final Canceller canceller;

    RequestEndpoints(BusConfig config, BusTopics topics, BusView view, Canceller canceller) {
        this.config = config;
        this.topics = topics;
        this.view = view;
        this.canceller = canceller;
    }

    @Override
    public List<Endpoint> endpoints() {
        return List.of(
                new Endpoint(HandlerType.GET, "/requests", this::recentRequests),
                new Endpoint(HandlerType.GET, "/requests/{reqid}", this::request),
                new Endpoint(HandlerType.DELETE, "/requests/{reqid}", this::cancel));
    }

    /** GET /requests?limit=N: the latest requests in the agent's view (default 50, at most 1000), newest first. */
    private void recentRequests(Context ctx) {
        int limit;
        try {
            limit = Integer.parseInt(
                    ctx.queryParamAsClass("limit", String.class).getOrDefault("50"));
        } catch (NumberFormatException e) {
            throw new BadRequest("limit must be a whole number");
        }
        if (limit < 1 || limit > 1000) {
            throw new BadRequest("limit must be 1 to 1000");
        }
        ctx.json(Rendering.requestList(view.recentRequests(limit)));
    }

    private void request(Context ctx) {
        String reqid = ctx.pathParam("reqid");
        find(reqid).ifPresentOrElse(found -> ctx.json(Rendering.request(found)), () -> notFound(ctx, reqid));
    }

    /**
     * From the recent view, else from the topics through the request index (older requests). A
     * reqid neither knows is not searched for: a caller must not make the agent scan the topics.
     */
    private Optional<RequestStatus> find(String reqid) {
        Optional<RequestStatus> status = view.request(reqid);
        if (status.isEmpty()) {
            try (RequestHistory history = new RequestHistory(config, topics)) {
                status = history.find(reqid, null);
            }
        }
        return status;
    }

    /**
     * Like {@link #find}, but a reqid the view does not hold yet gets {@link #JUST_WRITTEN} to
     * arrive: a request dispatched a moment ago (by this agent or any client) may not have been
     * read yet, and cancelling it at once must not say it does not exist.
     */
    private Optional<RequestStatus> findSoon(String reqid) throws InterruptedException {
        long until = System.nanoTime() + JUST_WRITTEN.toNanos();
        while (view.request(reqid).map(RequestStatus::request).isEmpty() && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        return find(reqid);
    }

    private static void notFound(Context ctx, String reqid) {
        ctx.status(404)
                .json(Map.of(
                        "error",
                        "no request " + reqid + " in the last " + Durations.format(AgentServer.LOOKBACK)
                                + " nor in the request index"));
    }

    /** DELETE /requests/{reqid}: cancels an open request; {@code ?wait=true} answers with the CANCELLED outcome. */
    private void cancel(Context ctx) throws InterruptedException {
        String reqid = ctx.pathParam("reqid");
        Canceller.Decision decision = canceller.cancel(reqid, findSoon(reqid), ctx.queryParam("reason"));
        if (decision instanceof Canceller.Decision.NoSuchRequest) {
            notFound(ctx, reqid);
        } else if (decision instanceof Canceller.Decision.AlreadyClosed closed) {
            alreadyClosed(ctx, closed);
        } else if (!Boolean.parseBoolean(ctx.queryParam("wait"))) {
            ctx.status(202).json(Map.of("reqid", reqid, "state", "cancelling"));
        } else {
            try {
                DispatchOutcome outcome = view.outcome(reqid)
                        .get(DispatchEndpoint.OUTCOME_GRACE.multipliedBy(3).toMillis(), TimeUnit.MILLISECONDS);
                if (outcome.getState() == OutcomeState.CANCELLED) {
                    ctx.status(200).json(Rendering.outcome(outcome));
                } else { // it closed before the cancel took effect, as the CLI says with exit 8
                    alreadyClosed(ctx, new Canceller.Decision.AlreadyClosed(outcome));
                }
            } catch (TimeoutException | ExecutionException e) {
                PendingAnswer.send(
                        ctx, 504, reqid, "the cancel is on the bus but no outcome came: is the streams-app running?");
            }
        }
    }

    /** 409: nothing left to cancel, with the outcome the request closed with. */
    private static void alreadyClosed(Context ctx, Canceller.Decision.AlreadyClosed closed) {
        ctx.status(409).json(Map.of("error", closed.message(), "outcome", Rendering.outcome(closed.outcome())));
    }
}
