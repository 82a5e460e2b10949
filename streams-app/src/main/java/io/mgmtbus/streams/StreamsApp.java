package io.mgmtbus.streams;

import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.groups.ConsumerGroups;
import io.mgmtbus.contracts.topics.BusProvisioning;
import io.mgmtbus.contracts.topics.BusTopics;
import io.mgmtbus.contracts.topics.Replication;
import io.mgmtbus.streams.deadletter.DeadLetterDeserializationHandler;
import io.mgmtbus.streams.deadletter.DeadLetterProcessingHandler;
import io.mgmtbus.streams.guard.GuardTopology;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the dispatch topology and its guard (each a Kafka Streams application, exactly-once v2)
 * until closed, and says so when either dies: {@link #failure()} completes with a one-line
 * reason, so {@code mgmt streams} can exit non-zero and a supervisor restart it.
 */
public final class StreamsApp implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StreamsApp.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final List<Part> parts;
    private final CompletableFuture<String> failure = new CompletableFuture<>();
    private volatile boolean closing;

    /** One Kafka Streams application of the app, with the name used in log lines and failure reasons. */
    private record Part(String name, KafkaStreams streams) {}

    private StreamsApp(List<Part> parts) {
        this.parts = parts;
    }

    /**
     * Standby copies of each task's state kept by other instances, so one taking over a dead
     * instance's tasks need not restore them from the changelogs first. Without other instances
     * there is nowhere to keep them, and none are kept.
     */
    public static final int DEFAULT_STANDBY_REPLICAS = 1;

    /**
     * Provisions the bus, starts both applications and waits until they are running, as the only
     * instance (no standby copies: there is no other instance to keep them, and Kafka Streams
     * would warn about that at every rebalance).
     */
    public static StreamsApp start(BusConfig config, DispatchSettings settings, Path stateDir) {
        return start(config, settings, stateDir, 0);
    }

    /** Like {@link #start(BusConfig, DispatchSettings, Path)}, with {@code standbyReplicas} standby copies per task. */
    public static StreamsApp start(BusConfig config, DispatchSettings settings, Path stateDir, int standbyReplicas) {
        // Known once, for the bus's topics and the app's own internal topics alike.
        Replication replication = BusProvisioning.replication(config);
        BusTopics topics = BusProvisioning.ensure(config, replication);
        Properties dispatchProps = properties(config, topics, stateDir);
        Properties guardProps = guardProperties(config, topics, stateDir);
        for (Properties props : List.of(dispatchProps, guardProps)) {
            // Changelogs and repartition topics are kept like the bus's own topics.
            props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) replication.factor());
            props.put(
                    StreamsConfig.topicPrefix(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG),
                    Integer.toString(replication.minInsyncReplicas()));
            props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, standbyReplicas);
        }
        KafkaStreams dispatch =
                new KafkaStreams(DispatchTopology.build(topics, config.schemaRegistry(), settings), dispatchProps);
        KafkaStreams guard = new KafkaStreams(GuardTopology.build(topics), guardProps);
        StreamsApp app = new StreamsApp(List.of(new Part("dispatch topology", dispatch), new Part("guard", guard)));
        app.parts.forEach(app::watch);
        app.parts.forEach(part -> part.streams().start());
        app.awaitRunning();
        log.info(
                "streams-app running on {} (application ids {}, {}; {}; {} standby replicas)",
                config.bootstrapServers(),
                ConsumerGroups.streamsApp(topics),
                ConsumerGroups.streamsGuard(topics),
                replication,
                standbyReplicas);
        return app;
    }

    private void watch(Part part) {
        ThreadReplacements replacements = new ThreadReplacements(part.name());
        part.streams().setUncaughtExceptionHandler(replacements::decide);
        part.streams().setStateListener((now, before) -> {
            boolean stopping = now == KafkaStreams.State.PENDING_ERROR
                    || now == KafkaStreams.State.ERROR
                    || now == KafkaStreams.State.PENDING_SHUTDOWN
                    || now == KafkaStreams.State.NOT_RUNNING;
            if (stopping && !closing && !failure.isDone()) {
                String reason =
                        "Kafka Streams (" + part.name() + ") stopped in state " + now + replacements.lastFailure();
                log.error("streams-app failed: {}", reason);
                failure.complete(reason);
            }
        });
    }

    private void awaitRunning() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!parts.stream().allMatch(p -> p.streams().state() == KafkaStreams.State.RUNNING)) {
            if (System.nanoTime() > deadline || failure.isDone()) {
                String states = parts.stream()
                        .map(p -> p.name() + " " + p.streams().state())
                        .toList()
                        .toString();
                close();
                throw new IllegalStateException("streams-app did not reach RUNNING within " + START_TIMEOUT.toSeconds()
                        + "s " + states + failure.getNow(""));
            }
            sleep(100);
        }
    }

    static Properties properties(BusConfig config, BusTopics topics, Path stateDir) {
        Properties props = new Properties();
        props.putAll(config.clientProperties());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, ConsumerGroups.streamsApp(topics));
        common(props, topics, stateDir);
        // Commits and polls keep Streams' exactly-once defaults (100 ms): an outcome or a rollout wave
        // asks for a commit at once (see TableOutput), and an idle thread waits in poll() instead of
        // waking every few milliseconds.
        // Requests and responses may arrive in any order (the bookkeeping handles both), so a task
        // need not wait for data on its other partition before processing what it has.
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, -1L);
        // Streams lingers 100 ms before sending by default; an operator waits on every outcome.
        props.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 0);
        return props;
    }

    /** For running the dispatch topology offline (rebuild-outcomes): the app's settings, under its own id. */
    public static Properties offlineProperties(BusConfig config, BusTopics topics, Path stateDir) {
        Properties props = properties(config, topics, stateDir);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, ConsumerGroups.streamsApp(topics) + "-rebuild");
        return props;
    }

    /**
     * The guard keeps Kafka Streams' default commit interval, and its thread waits up to a second
     * in poll() (a record still wakes it at once): nobody waits on a dead letter, and an idle thread
     * should not wake ten times a second.
     */
    static Properties guardProperties(BusConfig config, BusTopics topics, Path stateDir) {
        Properties props = new Properties();
        props.putAll(config.clientProperties());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, ConsumerGroups.streamsGuard(topics));
        common(props, topics, stateDir);
        props.put(StreamsConfig.POLL_MS_CONFIG, 1000L);
        return props;
    }

    /** Settings both applications share: exactly-once, dead letters for bad input, and a classic group. */
    private static void common(Properties props, BusTopics topics, Path stateDir) {
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, -1); // the broker's default, unless start() knows better
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationHandler.class);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingHandler.class);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        props.put(
                DeadLetterDeserializationHandler.TOPIC_CONFIG,
                topics.deadLetter().name());
        // The agent tells whether the app runs from its consumer groups' members (classic protocol).
        props.put(StreamsConfig.GROUP_PROTOCOL_CONFIG, "classic");
        props.putAll(Membership.of(stateDir).properties());
    }

    /** The state of the dispatch topology. */
    public KafkaStreams.State state() {
        return parts.get(0).streams().state();
    }

    /**
     * How many exactly-once commits the dispatch topology made so far, and the time its producers
     * spent committing their transactions (not the flush of state before each commit).
     */
    public record Commits(long count, Duration time) {

        /** What happened between {@code earlier} and this. */
        public Commits since(Commits earlier) {
            return new Commits(count - earlier.count, time.minus(earlier.time));
        }
    }

    /**
     * The dispatch topology's commits so far, from Kafka Streams' own metrics: its threads'
     * {@code commit-total} and its producers' {@code txn-commit-time-ns-total}.
     */
    public Commits commits() {
        double count = 0;
        double nanos = 0;
        for (Metric metric : parts.get(0).streams().metrics().values()) {
            MetricName name = metric.metricName();
            if (name.group().equals("stream-thread-metrics") && name.name().equals("commit-total")) {
                count += ((Number) metric.metricValue()).doubleValue();
            } else if (name.group().equals("producer-metrics") && name.name().equals("txn-commit-time-ns-total")) {
                nanos += ((Number) metric.metricValue()).doubleValue();
            }
        }
        return new Commits((long) count, Duration.ofNanos((long) nanos));
    }

    /** Completes with a one-line reason when a part of the app has died; never completes on a clean close. */
    public CompletableFuture<String> failure() {
        return failure;
    }

    /**
     * Stops and leaves the consumer groups, so a replacement instance takes over the tasks at once
     * instead of after the session timeout.
     */
    @Override
    public void close() {
        closing = true;
        for (Part part : parts) {
            part.streams()
                    .close(CloseOptions.timeout(Duration.ofSeconds(30))
                            .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        }
        log.info("streams-app stopped");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the streams-app", e);
        }
    }
}
