package io.mgmtbus.system;

import io.mgmtbus.agent.dispatch.DispatchRequest;
import io.mgmtbus.agent.dispatch.Dispatcher;
import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.topics.BusTopics;
import io.mgmtbus.events.DispatchOutcome;
import io.mgmtbus.node.ManagedNode;
import io.mgmtbus.node.dispatch.DispatchMetrics;
import io.mgmtbus.streams.DispatchSettings;
import io.mgmtbus.streams.StreamsApp;
import io.mgmtbus.testkit.TestBus;
import io.mgmtbus.testkit.TopicRecorder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Labelled nodes on a bus of their own, each with an instrumented action {@code work ARG}: the
 * fleet counts, on the nodes themselves, who ran which argument and how many ran at once, and
 * runs {@link #behaviour} inside (to block, fail or be slow). Plus the streams-app, which a test
 * may restart, and a dispatcher.
 */
public final class Fleet implements AutoCloseable {

    /** What {@code work} does on a node, given the node's name and the action's argument. */
    public interface Behaviour {
        Object run(String node, String arg) throws Exception;
    }

    public final BusConfig config = TestBus.shared().newBus();
    public final BusTopics topics = new BusTopics(config);
    public final Map<String, ManagedNode> nodes = new ConcurrentSkipListMap<>();
    private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger maxRunning = new AtomicInteger();
    public volatile Behaviour behaviour = (node, arg) -> node;
    private final Path streamsState;
    private final Dispatcher dispatcher;
    private StreamsApp streams;

    private Fleet(Map<String, Map<String, String>> labelsByNode) throws Exception {
        ExecutorService starting = Executors.newFixedThreadPool(8);
        try {
            List<Future<ManagedNode>> started = labelsByNode.entrySet().stream()
                    .map(e -> starting.submit(() -> node(e.getKey(), e.getValue())))
                    .toList();
            for (Future<ManagedNode> node : started) {
                ManagedNode n = node.get();
                nodes.put(n.identity().name(), n);
            }
        } finally {
            starting.shutdown();
        }
        streamsState = Files.createTempDirectory("fleet-streams");
        streams = StreamsApp.start(config, DispatchSettings.defaults(), streamsState);
        dispatcher = new Dispatcher(config, topics, "fleet-test");
        awaitKnown();
    }

    /** Starts a node per entry, labelled, and the streams-app; returns once the streams-app knows them all. */
    public static Fleet start(Map<String, Map<String, String>> labelsByNode) throws Exception {
        return new Fleet(labelsByNode);
    }

    private ManagedNode node(String name, Map<String, String> labels) {
        ManagedNode.Builder builder = ManagedNode.builder(config, name)
                .instance("fleet")
                .actionTimeLimit(ManagedNode.MAX_ACTION_TIME_LIMIT)
                .action("work", args -> track(name, args.isEmpty() ? "" : args.get(0)));
        labels.forEach(builder::label);
        return builder.start();
    }

    private Object track(String node, String arg) throws Exception {
        runs.computeIfAbsent(node + " " + arg, k -> new AtomicInteger()).incrementAndGet();
        maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
        try {
            return behaviour.run(node, arg);
        } finally {
            running.decrementAndGet();
        }
    }

    /** How often {@code node} ran {@code work arg}, counted on the node. */
    public int runs(String node, String arg) {
        AtomicInteger count = runs.get(node + " " + arg);
        return count == null ? 0 : count.get();
    }

    /** How many requests {@code node} skipped because they were cancelled (its own metric). */
    public double skippedAsCancelled(String node) {
        return nodes.get(node)
                .meters()
                .counter(DispatchMetrics.REQUESTS, "node", node, "outcome", "cancelled")
                .count();
    }

    /** The nodes that ran {@code work arg}. */
    public List<String> ranBy(String arg) {
        return nodes.keySet().stream().filter(n -> runs(n, arg) > 0).toList();
    }

    /** The most nodes running {@code work} at once, since the last call. */
    public int maxRunningAndReset() {
        return maxRunning.getAndSet(0);
    }

    public String dispatch(DispatchRequest request) {
        return dispatcher.dispatch(request).getReqid();
    }

    /** The outcome of {@code reqid}, as a read_committed reader sees it. */
    public DispatchOutcome outcome(String reqid, Duration timeout) {
        try (TopicRecorder<String, DispatchOutcome> tail = new TopicRecorder<>(config, topics.outcomes())) {
            return tail.until(seen -> seen.stream().anyMatch(r -> r.key().equals(reqid)), timeout).stream()
                    .filter(r -> r.key().equals(reqid))
                    .map(ConsumerRecord::value)
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no outcome for " + reqid + " within " + timeout));
        }
    }

    public void stopStreamsApp() {
        streams.close();
        streams = null;
    }

    /** Starts the streams-app again on the state directory it had. */
    public void startStreamsApp() {
        streams = StreamsApp.start(config, DispatchSettings.defaults(), streamsState);
    }

    /** A broadcast probe answered by every node proves the streams-app's node table holds them all. */
    private void awaitKnown() {
        for (int attempt = 0; attempt < 30; attempt++) {
            String reqid = dispatch(new DispatchRequest(List.of("ping"), List.of(), Duration.ofSeconds(10)));
            if (outcome(reqid, Duration.ofSeconds(20)).getTargetedCount() == nodes.size()) {
                return;
            }
        }
        throw new AssertionError("the streams-app never saw all " + nodes.size() + " nodes");
    }

    @Override
    public void close() {
        dispatcher.close();
        if (streams != null) {
            streams.close();
        }
        nodes.values().parallelStream().forEach(ManagedNode::close);
    }
}
