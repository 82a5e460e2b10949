package io.mgmtbus.agent.view;

import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.records.RecordRules;
import io.mgmtbus.contracts.records.RefusedRecord;
import io.mgmtbus.contracts.topics.BusTopics;
import io.mgmtbus.events.DispatchOutcome;
import io.mgmtbus.events.NodeDispatchRequest;
import io.mgmtbus.events.NodeDispatchResponse;
import io.mgmtbus.events.NodeHello;
import io.mgmtbus.schemas.wire.WireFormatException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's read model, built straight from the durable topics (this is the "queryable state"
 * of the bus): the node table from the compacted hellos, and recent requests with their answers
 * and outcomes from a look-back window. One facade over small read models ({@link NodeTable},
 * {@link RequestIndex}, {@link OutcomeWaiters}, {@link RecordCounts}) fed by one {@link BusReader}.
 */
public final class BusView implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BusView.class);

    private final BusTopics topics;
    private final NodeTable nodes = new NodeTable();
    private final RequestIndex requests = new RequestIndex();
    private final OutcomeWaiters waiters = new OutcomeWaiters();
    private final RecordCounts counts = new RecordCounts();
    private final Consumer<DispatchOutcome> onOutcome;
    private final BusReader reader;

    /**
     * @param lookback how far back requests, responses and outcomes are read at start
     * @param onOutcome called for each outcome read after start-up (for metrics)
     */
    public BusView(BusConfig config, BusTopics topics, Duration lookback, Consumer<DispatchOutcome> onOutcome) {
        this.topics = topics;
        this.onOutcome = onOutcome;
        this.reader = new BusReader(config, topics, lookback, this::apply);
    }

    /** A view for a one-shot command: opened and read up to the present before it is returned. */
    public static BusView caughtUp(BusConfig config, Duration lookback, Duration timeout) throws InterruptedException {
        BusView view = new BusView(config, new BusTopics(config), lookback, outcome -> {});
        if (!view.awaitCaughtUp(timeout)) {
            view.close();
            throw new IllegalStateException("could not read the bus topics on " + config.bootstrapServers() + " within "
                    + timeout.toSeconds() + "s");
        }
        return view;
    }

    /** Decodes one record and hands it to its read model; bad records are counted and skipped. */
    private void apply(ConsumerRecord<byte[], byte[]> record, boolean live) {
        String topic = record.topic();
        try {
            if (topic.equals(topics.hellos().name())) {
                String node = topics.hellos().deserializeKey(record.key());
                NodeHello hello = topics.hellos().deserializeValue(record.value());
                RefusedRecord.unless(RecordRules.hello(node, hello));
                nodes.apply(node, hello);
            } else if (topic.equals(topics.requests().name())) {
                NodeDispatchRequest request = topics.requests().deserializeValue(record.value());
                RefusedRecord.unless(RecordRules.request(topics.requests().deserializeKey(record.key()), request));
                requests.request(request, record.partition());
            } else if (topic.equals(topics.responses().name())) {
                NodeDispatchResponse response = topics.responses().deserializeValue(record.value());
                RefusedRecord.unless(RecordRules.response(topics.responses().deserializeKey(record.key()), response));
                requests.response(response.getReqid(), response.getResult(), response.getRespondedAt());
            } else if (topic.equals(topics.outcomes().name())) {
                DispatchOutcome outcome = topics.outcomes().deserializeValue(record.value());
                RefusedRecord.unless(RecordRules.outcome(topics.outcomes().deserializeKey(record.key()), outcome));
                requests.outcome(outcome);
                waiters.arrived(outcome);
                if (live) {
                    onOutcome.accept(outcome);
                }
            } else if (topic.equals(topics.deadLetter().name())) {
                counts.deadLetter();
            }
        } catch (WireFormatException | RefusedRecord e) {
            // The streams-app dead-letters bad records of every bus topic (and each node those on the
            // request topic); the view only skips them, so a restart of the agent writes no duplicates.
            counts.skipped(topic);
            log.debug("view skips {}-{}@{}: {}", topic, record.partition(), record.offset(), e.getMessage());
        }
    }

    /** Waits until everything that was on the topics at start has been read. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return reader.awaitCaughtUp(timeout);
    }

    public List<NodeStatus> nodes() {
        return nodes.nodes(Instant.now());
    }

    public Optional<RequestStatus> request(String reqid) {
        return requests.find(reqid);
    }

    /** The latest {@code limit} requests read, newest first. */
    public List<RequestStatus> recentRequests(int limit) {
        return requests.recent(limit);
    }

    /** Completes with the outcome of {@code reqid}, at once if it was already read. */
    public CompletableFuture<DispatchOutcome> outcome(String reqid) {
        return waiters.await(reqid, () -> request(reqid).map(RequestStatus::outcome));
    }

    /** Records of each bus topic the view could not use (undecodable or against the rules) since it started. */
    public Map<String, Long> skippedRecords() {
        return counts.skipped();
    }

    /** Why the view stopped reading, if it did: then it shows an ever older bus. */
    public Optional<String> failure() {
        return Optional.ofNullable(reader.failure());
    }

    /** Dead-letter records seen since the view started. */
    public long deadLetters() {
        return counts.deadLetters();
    }

    @Override
    public void close() {
        waiters.abandonAll(new ViewClosedException());
        reader.close();
    }

    /** What callers still waiting for an outcome get when the view closes (the agent is stopping). */
    public static final class ViewClosedException extends IllegalStateException {
        ViewClosedException() {
            super("the agent is stopping");
        }
    }
}
