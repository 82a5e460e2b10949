package io.mgmtbus.agent.http;

import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.javalin.router.Endpoint;
import io.mgmtbus.agent.dispatch.Canceller;
import io.mgmtbus.agent.dispatch.DispatchRequest;
import io.mgmtbus.agent.dispatch.Dispatcher;
import io.mgmtbus.agent.health.HealthCheck;
import io.mgmtbus.agent.health.StreamsAppStatus;
import io.mgmtbus.agent.view.BusView;
import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.topics.BusProvisioning;
import io.mgmtbus.contracts.topics.BusTopics;
import io.mgmtbus.registry.HttpsKeystore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent-service (the analogue of Zeek's controller API): wires its view of the bus, its
 * producers and its endpoint groups into one HTTP server. The endpoints are described in
 * {@code /openapi.json}; each group is a class of its own in this package.
 */
public final class AgentServer implements AutoCloseable {

    /** How far back the agent reads requests, answers and outcomes at start. */
    public static final Duration LOOKBACK = Duration.ofHours(1);
    /** The largest request body read: far above any request within the limits, far below memory trouble. */
    static final long MAX_BODY_BYTES = 1_000_000;

    private static final Logger log = LoggerFactory.getLogger(AgentServer.class);

    private final Dispatcher dispatcher;
    private final Canceller canceller;
    private final BusView view;
    private final StreamsAppStatus streamsApp;
    private final List<Endpoint> routes;
    private final Javalin http;
    private final String host;
    private final String scheme;

    private AgentServer(BusConfig config, String host, int port, BearerToken token, HttpsKeystore https) {
        BusTopics topics = BusProvisioning.ensure(config);
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        AgentMetrics metrics = new AgentMetrics(meters);
        this.host = host;
        this.scheme = https == null ? "http" : "https";
        this.dispatcher = new Dispatcher(config, topics, "agent-service");
        this.canceller = new Canceller(config, topics, "agent-service");
        this.view = new BusView(config, topics, LOOKBACK, metrics::outcome);
        metrics.countDeadLetters(view);
        metrics.countSkipped(topics, view);
        this.streamsApp = new StreamsAppStatus(config, topics);
        this.routes = Stream.of(
                        new DispatchEndpoint(dispatcher, view, metrics),
                        new RequestEndpoints(config, topics, view, canceller),
                        new StatusEndpoints(view, new HealthCheck(streamsApp, view), meters),
                        new AuditEndpoint(config, topics),
                        new ApiDescription())
                .flatMap(group -> group.endpoints().stream())
                .toList();
        this.http = Javalin.create(c -> {
                    c.startup.showJavalinBanner = false;
                    c.http.maxRequestSize = MAX_BODY_BYTES;
                    if (https != null) {
                        https.serveOn(c, host, port);
                    }
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
                    routes.forEach(c.routes::addEndpoint);
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
        return start(config, host, port, token, null);
    }

    /** Like {@link #start(BusConfig, String, int, BearerToken)}, serving HTTPS only with {@code https} (null: HTTP). */
    public static AgentServer start(BusConfig config, String host, int port, BearerToken token, HttpsKeystore https) {
        AgentServer server = new AgentServer(config, host, port, token, https);
        try {
            server.view.awaitCaughtUp(Duration.ofSeconds(60));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("agent-service listening on {}", server.url());
        return server;
    }

    public String url() {
        return scheme + "://" + host + ":" + http.port();
    }

    /** The API's routes ("GET /nodes", ...): what the server serves besides the console's files. */
    public List<String> routes() {
        return routes.stream().map(e -> e.method + " " + e.path).toList();
    }

    @Override
    public void close() {
        view.close(); // first, so callers waiting for outcomes are answered (503) before the server stops
        http.stop();
        streamsApp.close();
        dispatcher.close();
        canceller.close();
    }
}
