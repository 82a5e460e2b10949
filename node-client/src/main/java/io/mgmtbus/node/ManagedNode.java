package io.mgmtbus.node;

import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.config.Durations;
import io.mgmtbus.contracts.targeting.Labels;
import io.mgmtbus.contracts.topics.BusProvisioning;
import io.mgmtbus.contracts.topics.BusTopics;
import io.mgmtbus.node.action.Action;
import io.mgmtbus.node.action.ActionRunner;
import io.mgmtbus.node.action.BuiltInActions;
import io.mgmtbus.node.dispatch.Delivery;
import io.mgmtbus.node.dispatch.DispatchHooks;
import io.mgmtbus.node.dispatch.DispatchLoop;
import io.mgmtbus.node.dispatch.DispatchMetrics;
import io.mgmtbus.node.dispatch.RequestHandler;
import io.mgmtbus.node.hello.HelloPublisher;
import io.mgmtbus.node.identity.Identifiers;
import io.mgmtbus.node.identity.NodeIdentity;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A managed node: any JVM service becomes one in a few lines.
 *
 * <pre>{@code
 * ManagedNode node = ManagedNode.builder(BusConfig.defaults(), "worker-01")
 *         .action("disk_free", args -> new File(args.get(0)).getFreeSpace())
 *         .identifier("app.version", () -> "1.4.2")
 *         .start();
 * }</pre>
 *
 * It reads every dispatch request, answers those meant for it exactly once, and says hello
 * (with heartbeats) until {@link #close()}.
 */
public final class ManagedNode implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ManagedNode.class);

    private final NodeIdentity identity;
    private final ActionRunner runner;
    private final DispatchLoop loop;
    private final Thread loopThread;
    private final HelloPublisher hello;
    private final MeterRegistry meters;

    private ManagedNode(Builder b) {
        this.identity = new NodeIdentity(b.name, b.instance, Instant.now(), b.labels);
        this.meters = b.meters;
        BusTopics topics = BusProvisioning.ensure(b.config);
        Identifiers identifiers = standardIdentifiers(b, identity);
        Map<String, Action> actions = new LinkedHashMap<>();
        actions.put(BuiltInActions.GET_ID_VALUE, BuiltInActions.getIdValue(identifiers));
        actions.put(BuiltInActions.PING, BuiltInActions.ping(identity));
        actions.put(BuiltInActions.LIST_ACTIONS, BuiltInActions.listActions(this::actionNames));
        actions.putAll(b.actions);
        this.runner = new ActionRunner(actions, b.actionTimeLimit);
        identifiers.register("mgmt.node.actions", () -> runner.actionNames());
        this.loop = new DispatchLoop(
                b.config,
                topics,
                identity,
                new RequestHandler(identity, runner, b.requestTimeToLive),
                new DispatchMetrics(meters, identity.name()),
                b.hooks,
                b.catchUpWindow,
                b.delivery);
        this.loopThread = new Thread(loop, "node-dispatch-" + identity.name());
        this.hello = new HelloPublisher(
                b.config, topics.hellos(), identity, this::actionNames, b.heartbeat, loop::isAnswering);
    }

    private static Identifiers standardIdentifiers(Builder b, NodeIdentity identity) {
        Identifiers ids = new Identifiers()
                .register("Cluster::node", identity::name) // Zeek's own name for it
                .register("mgmt.node.name", identity::name)
                .register("mgmt.node.instance", identity::instance)
                .register("mgmt.node.started_at", () -> identity.startedAt().toString())
                .register("mgmt.bus.bootstrap_servers", b.config::bootstrapServers)
                .register("mgmt.bus.topic_prefix", b.config::topicPrefix)
                .register(
                        "mgmt.build.version",
                        () -> String.valueOf(ManagedNode.class.getPackage().getImplementationVersion()))
                .register("jvm.version", () -> Runtime.version().toString())
                .register(
                        "jvm.heap_used_bytes",
                        () -> Runtime.getRuntime().totalMemory()
                                - Runtime.getRuntime().freeMemory())
                .register("jvm.available_processors", () -> Runtime.getRuntime().availableProcessors());
        b.identifiers.forEach(ids::register);
        return ids;
    }

    public static Builder builder(BusConfig config, String name) {
        return new Builder(config, name);
    }

    private ManagedNode start() throws InterruptedException {
        loopThread.start();
        if (!loop.awaitReady(Duration.ofSeconds(60)) || !loop.isAnswering()) {
            close();
            throw new IllegalStateException("node " + identity.name() + " could not start reading requests");
        }
        hello.start();
        log.info("node {} is up (instance {})", identity.name(), identity.instance());
        return this;
    }

    public NodeIdentity identity() {
        return identity;
    }

    public List<String> actionNames() {
        return runner.actionNames();
    }

    public MeterRegistry meters() {
        return meters;
    }

    /** True once another process with this node's name took over; this one no longer answers. */
    public boolean isFenced() {
        return loop.isFenced();
    }

    /** Completes with a one-line reason when the node stops answering (fenced, or its loop failed). */
    public CompletableFuture<String> failure() {
        return loop.failure();
    }

    /** Stops answering, then leaves with a tombstone hello. */
    @Override
    public void close() {
        loop.stop();
        try {
            loopThread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        loop.closeClients();
        hello.close();
        runner.close();
        log.info("node {} stopped", identity.name());
    }

    /** How often a node says hello again, as written on command lines. */
    public static final String DEFAULT_HEARTBEAT = "10s";
    /** How long one action may run, as written on command lines. */
    public static final String DEFAULT_ACTION_TIME_LIMIT = "5s";
    /** Longest action time limit: a full batch of actions that all hit it must fit in one transaction. */
    public static final Duration MAX_ACTION_TIME_LIMIT = Duration.ofSeconds(10);

    /** Settings of a node; only the bus and the name are required. */
    public static final class Builder {
        private final BusConfig config;
        private final String name;
        private String instance;
        private final Map<String, String> labels = new LinkedHashMap<>();
        private Duration heartbeat = Durations.parse(DEFAULT_HEARTBEAT);
        private Duration actionTimeLimit = Durations.parse(DEFAULT_ACTION_TIME_LIMIT);
        private Duration requestTimeToLive = Duration.ofSeconds(30);
        private Duration catchUpWindow = Duration.ofHours(1);
        private Delivery delivery = Delivery.EXACTLY_ONCE;
        private MeterRegistry meters = new SimpleMeterRegistry();
        private DispatchHooks hooks = DispatchHooks.NONE;
        private final Map<String, Action> actions = new LinkedHashMap<>();
        private final Map<String, Supplier<Object>> identifiers = new LinkedHashMap<>();

        private Builder(BusConfig config, String name) {
            this.config = config;
            this.name = name;
        }

        /** Host or instance the node runs under (default: this host's name). */
        public Builder instance(String instance) {
            this.instance = instance;
            return this;
        }

        /**
         * Adds a label (e.g. {@code role=worker}), sent in the hello, by which request selectors
         * pick this node. Keys and values keep to Kubernetes' label characters; {@code name} is
         * reserved for the node's name.
         */
        public Builder label(String key, String value) {
            Map<String, String> with = new LinkedHashMap<>(labels);
            with.put(key, value);
            Labels.problem(with).ifPresent(why -> {
                throw new IllegalArgumentException(why);
            });
            labels.put(key, value);
            return this;
        }

        /** How often the hello is re-sent (default 10 s). */
        public Builder heartbeat(Duration interval) {
            this.heartbeat = interval;
            return this;
        }

        /** How long one action may run before it is answered with an error (default 5 s, at most 10 s). */
        public Builder actionTimeLimit(Duration limit) {
            if (limit.compareTo(MAX_ACTION_TIME_LIMIT) > 0 || limit.isNegative() || limit.isZero()) {
                throw new IllegalArgumentException("action time limit " + limit + " must be positive and at most "
                        + MAX_ACTION_TIME_LIMIT + " (a batch of answers shares one transaction)");
            }
            this.actionTimeLimit = limit;
            return this;
        }

        /** How long after issue a request without deadline may still run (default 30 s). */
        public Builder requestTimeToLive(Duration ttl) {
            this.requestTimeToLive = ttl;
            return this;
        }

        /** How far back a node with no committed position starts reading (default 1 h). */
        public Builder catchUpWindow(Duration window) {
            this.catchUpWindow = window;
            return this;
        }

        /** How answers are delivered (default exactly once; see {@link Delivery} for what each promises). */
        public Builder delivery(Delivery delivery) {
            this.delivery = delivery;
            return this;
        }

        /** Adds (or replaces) an action under {@code name}. */
        public Builder action(String name, Action action) {
            actions.put(name, action);
            return this;
        }

        /** Exposes a value to {@code get_id_value NAME}; the supplier is read on each request. */
        public Builder identifier(String name, Supplier<Object> value) {
            identifiers.put(name, value);
            return this;
        }

        public Builder meterRegistry(MeterRegistry registry) {
            this.meters = registry;
            return this;
        }

        /** For tests: hooks into the dispatch loop (e.g. a simulated crash before commit). */
        public Builder dispatchHooks(DispatchHooks hooks) {
            this.hooks = hooks;
            return this;
        }

        /** Starts the node: provisions topics, takes over its transactional id, says hello. */
        public ManagedNode start() {
            try {
                return new ManagedNode(this).start();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting node " + name, e);
            }
        }
    }
}
