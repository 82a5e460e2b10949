package io.mgmtbus.agent.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.mgmtbus.agent.dispatch.Canceller;
import io.mgmtbus.agent.dispatch.DispatchRequest;
import io.mgmtbus.agent.dispatch.Dispatcher;
import io.mgmtbus.agent.health.HealthCheck;
import io.mgmtbus.agent.health.StreamsAppStatus;
import io.mgmtbus.agent.view.BusView;
import io.mgmtbus.agent.view.Rendering;
import io.mgmtbus.agent.view.RequestHistory;
import io.mgmtbus.agent.view.RequestStatus;
import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.config.Durations;
import io.mgmtbus.contracts.topics.BusProvisioning;
import io.mgmtbus.contracts.topics.BusTopics;
import io.mgmtbus.events.DispatchOutcome;
import io.mgmtbus.events.NodeDispatchRequest;
import io.mgmtbus.events.OutcomeState;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent-service HTTP API (the analogue of Zeek's controller API); described in
 * {@code /openapi.json}.
 */
public final class AgentServer implements AutoCloseable {

    /** How far back the agent reads requests, answers and outcomes at start. */
    public static final Duration LOOKBACK = Duration.ofHours(1);
    /** The largest request body read: far above any request within the limits, far below memory trouble. */
    static final long MAX_BODY_BYTES = 1_000_000;

    /** How long a cancel waits for a request the agent's view has not read yet. */
    static final Duration JUST_WRITTEN = Duration.ofSeconds(2);

    /** How much longer than the request's timeout a waiting call waits for the streams-app's outcome. */
    static final Duration OUTCOME_GRACE = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(AgentServer.class);

    private final BusConfig config;
    private final BusTopics topics;
    private final Dispatcher dispatcher;
    private final Canceller canceller;
    private final BusView view;
    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AgentMetrics metrics;
    private final StreamsAppStatus streamsApp;
    private final HealthCheck health;
    private final AuditEndpoint audit;
    private final Javalin http;
    private final String host;

    private AgentServer(BusConfig config, String host, int port, BearerToken token) {
        BusTopics topics = BusProvisioning.ensure(config);
        this.config = config;
        this.topics = topics;
        this.host = host;
        this.dispatcher = new Dispatcher(config, topics, "agent-service");
        this.canceller = new Canceller(config, topics, "agent-service");
        this.metrics = new AgentMetrics(meters);
        this.view = new BusView(config, topics, LOOKBACK, metrics::outcome);
        metrics.countDeadLetters(view);
        metrics.countSkipped(topics, view);
        this.streamsApp = new StreamsAppStatus(config, topics);
        this.health = new HealthCheck(streamsApp, view);
        this.audit = new AuditEndpoint(config, topics);
        String openApi = resource("openapi.json");
        this.http = Javalin.create(c -> {
                    c.startup.showJavalinBanner = false;
                    c.http.maxRequestSize = MAX_BODY_BYTES;
                    c.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorPages()));
                    // A browser may not frame the console, nor sniff a type other than the one sent.
                    c.routes.before(ctx -> ctx.header("X-Content-Type-Options", "nosniff")
                            .header("Content-Security-Policy", "frame-ancestors 'none'"));
                    if (token != null) {
                        c.routes.before(token::check);
                    }
                    // The operator console: one page and its assets, from the jar (no build step).
                    c.staticFiles.add(files -> {
                        files.hostedPath = "/";
                        files.directory = "/console";
                        files.location = Location.CLASSPATH;
                    });
                    c.routes.post("/dispatch", this::dispatch);
                    c.routes.get("/requests", this::recentRequests);
                    c.routes.get("/requests/{reqid}", this::request);
                    c.routes.delete("/requests/{reqid}", this::cancel);
                    c.routes.get("/nodes", ctx -> ctx.json(Rendering.nodes(view.nodes())));
                    c.routes.get("/health", this::health);
                    c.routes.get("/audit", audit::handle);
                    c.routes.get(
                            "/metrics",
                            ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                                    .result(meters.scrape()));
                    c.routes.get(
                            "/openapi.json",
                            ctx -> ctx.contentType("application/json").result(openApi));
                    c.routes.exception(
                            DispatchRequest.Invalid.class,
                            (e, ctx) -> ctx.status(400).json(Map.of("error", e.getMessage())));
                    c.routes.exception(
                            BadRequest.class, (e, ctx) -> ctx.status(400).json(Map.of("error", e.getMessage())));
                    c.routes.exception(
                            HttpResponseException.class,
                            (e, ctx) -> ctx.status(e.getStatus())
                                    .json(Map.of(
                                            "error",
                                            e.getStatus() == 413
                                                    ? "the body is over the agent's limit of " + MAX_BODY_BYTES
                                                            + " bytes"
                                                    : String.valueOf(e.getMessage()))));
                    c.routes.exception(Exception.class, (e, ctx) -> {
                        log.warn("{} {} failed", ctx.method(), ctx.path(), e);
                        ctx.status(500).json(Map.of("error", String.valueOf(e.getMessage())));
                    });
                })
                .start(host, port);
    }

    /** Starts the API on {@code host:port} (0 = any free port) once its view of the bus has caught up. */
    public static AgentServer start(BusConfig config, String host, int port) {
        return start(config, host, port, null);
    }

    /** Like {@link #start(BusConfig, String, int)}, every call but {@code /health} needing {@code token} (null: open). */
    public static AgentServer start(BusConfig config, String host, int port, BearerToken token) {
        AgentServer server = new AgentServer(config, host, port, token);
        try {
            server.view.awaitCaughtUp(Duration.ofSeconds(60));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("agent-service listening on {}", server.url());
        return server;
    }

    public String url() {
        return "http://" + host + ":" + http.port();
    }

    private void dispatch(Context ctx) throws InterruptedException {
        requireJson(ctx);
        JsonNode body = body(ctx);
        DispatchRequest request = new DispatchRequest(
                strings(body, "action"),
                strings(body, "nodes"),
                timeout(body.get("timeout")),
                text(body, "select"),
                text(body, "batch"),
                text(body, "max_errors"));
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
            stillPending(
                    ctx,
                    504,
                    issued.getReqid(),
                    "no outcome within " + wait.toSeconds() + "s: is the streams-app running?");
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof BusView.ViewClosedException)) {
                throw new IllegalStateException(e.getCause());
            }
            stillPending(
                    ctx,
                    503,
                    issued.getReqid(),
                    "the agent is stopping; the request was dispatched and still closes on the bus: ask GET /requests/"
                            + issued.getReqid() + " of a running agent");
        }
    }

    /** A waiting call that ends without the outcome: the request is on the bus, and its reqid says where to look. */
    private static void stillPending(Context ctx, int status, String reqid, String error) {
        ctx.status(status).json(Map.of("reqid", reqid, "state", "pending", "error", error));
    }

    private void health(Context ctx) {
        HealthCheck.Report report = health.report();
        ctx.status(report.healthy() ? 200 : 503).json(report.body());
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
                        "no request " + reqid + " in the last " + Durations.format(LOOKBACK)
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
                DispatchOutcome outcome =
                        view.outcome(reqid).get(OUTCOME_GRACE.multipliedBy(3).toMillis(), TimeUnit.MILLISECONDS);
                if (outcome.getState() == OutcomeState.CANCELLED) {
                    ctx.status(200).json(Rendering.outcome(outcome));
                } else { // it closed before the cancel took effect, as the CLI says with exit 8
                    alreadyClosed(ctx, new Canceller.Decision.AlreadyClosed(outcome));
                }
            } catch (TimeoutException | ExecutionException e) {
                stillPending(
                        ctx, 504, reqid, "the cancel is on the bus but no outcome came: is the streams-app running?");
            }
        }
    }

    /** 409: nothing left to cancel, with the outcome the request closed with. */
    private static void alreadyClosed(Context ctx, Canceller.Decision.AlreadyClosed closed) {
        ctx.status(409).json(Map.of("error", closed.message(), "outcome", Rendering.outcome(closed.outcome())));
    }

    /**
     * A dispatch body must be declared JSON: a web page can post text/plain to a port on this
     * machine without asking, but not application/json, for which the browser asks the agent
     * first (CORS preflight) and the agent allows no other origin.
     */
    private static void requireJson(Context ctx) {
        String type = ctx.contentType();
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            throw new HttpResponseException(
                    415, "send the body with Content-Type: application/json, not " + (type == null ? "none" : type));
        }
    }

    private static JsonNode body(Context ctx) {
        try {
            JsonNode body = Rendering.JSON.readTree(ctx.body());
            if (body == null || !body.isObject()) {
                throw new BadRequest("the body must be a JSON object like {\"action\": [\"ping\"], \"nodes\": []}");
            }
            return body;
        } catch (IOException e) {
            throw new BadRequest("the body is not JSON: " + e.getMessage());
        }
    }

    /** An optional text field; a number is taken as its text (e.g. "batch": 5). */
    private static String text(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual() && !node.isNumber()) {
            throw new BadRequest("'" + field + "' must be a string, found " + node);
        }
        return node.asText();
    }

    private static List<String> strings(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            throw new BadRequest("'" + field + "' must be an array of strings");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode element : node) {
            if (!element.isTextual()) {
                throw new BadRequest("'" + field + "' must be an array of strings, found " + element);
            }
            values.add(element.asText());
        }
        return values;
    }

    /** A timeout is a string like "5s" / "PT5S" or a number of seconds. */
    private static Duration timeout(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isNumber()) {
            return Duration.ofMillis(Math.round(node.asDouble() * 1000));
        }
        return DispatchRequest.parseTimeout(node.asText());
    }

    private static String resource(String name) {
        try (InputStream in = AgentServer.class.getResourceAsStream("/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("missing resource " + name, e);
        }
    }

    @Override
    public void close() {
        view.close(); // first, so callers waiting for outcomes are answered (503) before the server stops
        http.stop();
        streamsApp.close();
        dispatcher.close();
        canceller.close();
    }

    /** The request body is malformed. */
    static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message);
        }
    }
}
