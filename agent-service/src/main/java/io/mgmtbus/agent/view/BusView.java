package io.mgmtbus.agent.view;

import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.records.RecordRules;
import io.mgmtbus.contracts.records.RefusedRecord;
import io.mgmtbus.contracts.topics.BusTopics;
import io.mgmtbus.events.DispatchOutcome;
import io.mgmtbus.events.NodeDispatchRequest;
import io.mgmtbus.events.NodeDispatchResponse;
import io.mgmtbus.events.NodeHello;
import io.mgmtbus.events.Result;
import io.mgmtbus.schemas.registry.SchemaRegistryException;
import io.mgmtbus.schemas.wire.WireFormatException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's read model, built straight from the durable topics (this is the "queryable state"
 * of the bus): the node table from the compacted hellos, and recent requests with their answers
 * and outcomes from a look-back window. Requests are found by reqid without scanning: the view
 * keeps the latest {@value #MAX_REQUESTS} reqids.
 */
public final class BusView implements AutoCloseable {

    static final int MAX_REQUESTS = 100_000;
    private static final Duration RETRY_BACKOFF = Duration.ofSeconds(1);
    private static final Logger log = LoggerFactory.getLogger(BusView.class);

    private final BusTopics topics;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread reader;
    private final Map<String, NodeHello> nodes = new ConcurrentHashMap<>();
    private final Map<String, Entry> requests = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > MAX_REQUESTS;
        }
    }; // guarded by itself: entries are changed and copied under the same lock
    private final Map<String, CompletableFuture<DispatchOutcome>> waiters = new ConcurrentHashMap<>();
    private final AtomicLong deadLetters = new AtomicLong();
    private final Map<String, AtomicLong> skipped = new ConcurrentHashMap<>();
    private volatile String failure;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final Consumer<DispatchOutcome> onOutcome;
    private volatile boolean running = true;

    private static final class Entry {
        NodeDispatchRequest request;
        final List<Result> responses = new ArrayList<>();
        DispatchOutcome outcome;
    }

    /**
     * @param lookback how far back requests, responses and outcomes are read at start
     * @param onOutcome called for each outcome read after start-up (for metrics)
     */
    public BusView(BusConfig config, BusTopics topics, Duration lookback, Consumer<DispatchOutcome> onOutcome) {
        this.topics = topics;
        this.onOutcome = onOutcome;
        Map<String, Object> props = config.clientProperties();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "mgmt-agent-view");
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000); // fail in seconds, not a minute, when Kafka is unreachable
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        Map<TopicPartition, Long> ends;
        try {
            ends = position(lookback);
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            consumer.close();
            throw new IllegalStateException("cannot reach Kafka at " + config.bootstrapServers() + " (" + e.getMessage() + ")", e);
        }
        this.reader = new Thread(() -> read(ends), "bus-view");
        reader.setDaemon(true);
        reader.start();
    }

    /** A view for a one-shot command: opened and read up to the present before it is returned. */
    public static BusView caughtUp(BusConfig config, Duration lookback, Duration timeout) throws InterruptedException {
        BusView view = new BusView(config, new BusTopics(config), lookback, outcome -> { });
        if (!view.awaitCaughtUp(timeout)) {
            view.close();
            throw new IllegalStateException("could not read the bus topics on " + config.bootstrapServers() + " within "
                    + timeout.toSeconds() + "s");
        }
        return view;
    }

    private Map<TopicPartition, Long> position(Duration lookback) {
        List<TopicPartition> all = new ArrayList<>();
        for (String topic : List.of(topics.hellos().name(), topics.requests().name(), topics.responses().name(),
                topics.outcomes().name(), topics.deadLetter().name())) {
            consumer.partitionsFor(topic).forEach(p -> all.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(all);
        Map<TopicPartition, Long> ends = consumer.endOffsets(all);
        Map<TopicPartition, Long> since = new HashMap<>();
        long from = Instant.now().minus(lookback).toEpochMilli();
        for (TopicPartition p : all) {
            if (p.topic().equals(topics.hellos().name())) {
                consumer.seekToBeginning(List.of(p));
            } else if (p.topic().equals(topics.deadLetter().name())) {
                consumer.seek(p, ends.get(p)); // counts dead letters from now on
            } else {
                since.put(p, from);
            }
        }
        Map<TopicPartition, OffsetAndTimestamp> byTime = consumer.offsetsForTimes(since);
        since.keySet().forEach(p -> consumer.seek(p, byTime.get(p) != null ? byTime.get(p).offset() : ends.get(p)));
        return ends;
    }

    private void read(Map<TopicPartition, Long> ends) {
        try {
            while (running) {
                if (!applyAll(consumer.poll(Duration.ofMillis(100)))) {
                    Thread.sleep(RETRY_BACKOFF.toMillis());
                }
                if (caughtUp.getCount() > 0 && ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                    caughtUp.countDown();
                }
            }
        } catch (WakeupException stopping) {
            // close()
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure = "the agent's view of the bus stopped reading: " + e;
            log.error(failure, e);
        } finally {
            consumer.close();
        }
    }

    /**
     * Applies a batch; false when the registry could not be asked, in which case each partition
     * is rewound to its first record not applied, to be read again after a pause.
     */
    private boolean applyAll(ConsumerRecords<byte[], byte[]> batch) {
        boolean complete = true;
        for (TopicPartition partition : batch.partitions()) {
            for (ConsumerRecord<byte[], byte[]> record : batch.records(partition)) {
                try {
                    apply(record, caughtUp.getCount() == 0);
                } catch (SchemaRegistryException e) {
                    log.warn("view cannot decode {}-{}@{} for now, will retry: {}", record.topic(), record.partition(),
                            record.offset(), e.getMessage());
                    consumer.seek(partition, record.offset());
                    complete = false;
                    break;
                }
            }
        }
        return complete;
    }

    private void apply(ConsumerRecord<byte[], byte[]> record, boolean live) {
        String topic = record.topic();
        try {
            if (topic.equals(topics.hellos().name())) {
                applyHello(topics.hellos().deserializeKey(record.key()), topics.hellos().deserializeValue(record.value()));
            } else if (topic.equals(topics.requests().name())) {
                NodeDispatchRequest request = topics.requests().deserializeValue(record.value());
                RefusedRecord.unless(RecordRules.request(topics.requests().deserializeKey(record.key()), request));
                update(request.getReqid(), e -> e.request = request);
            } else if (topic.equals(topics.responses().name())) {
                NodeDispatchResponse response = topics.responses().deserializeValue(record.value());
                RefusedRecord.unless(RecordRules.response(topics.responses().deserializeKey(record.key()), response));
                update(response.getReqid(), e -> e.responses.add(response.getResult()));
            } else if (topic.equals(topics.outcomes().name())) {
                DispatchOutcome outcome = topics.outcomes().deserializeValue(record.value());
                RefusedRecord.unless(RecordRules.outcome(topics.outcomes().deserializeKey(record.key()), outcome));
                applyOutcome(outcome, live);
            } else if (topic.equals(topics.deadLetter().name())) {
                deadLetters.incrementAndGet();
            }
        } catch (WireFormatException | RefusedRecord e) {
            // The streams-app dead-letters bad records of every bus topic (and each node those on the
            // request topic); the view only skips them, so a restart of the agent writes no duplicates.
            skipped.computeIfAbsent(topic, t -> new AtomicLong()).incrementAndGet();
            log.debug("view skips {}-{}@{}: {}", topic, record.partition(), record.offset(), e.getMessage());
        }
    }

    private void applyHello(String node, NodeHello hello) {
        RefusedRecord.unless(RecordRules.hello(node, hello));
        if (hello == null) {
            nodes.remove(node);
        } else {
            nodes.put(node, hello);
        }
    }

    private void applyOutcome(DispatchOutcome outcome, boolean live) {
        update(outcome.getReqid(), e -> e.outcome = outcome);
        CompletableFuture<DispatchOutcome> waiter = waiters.remove(outcome.getReqid());
        if (waiter != null) {
            waiter.complete(outcome);
        }
        if (live) {
            onOutcome.accept(outcome);
        }
    }

    /** Changes the entry of {@code reqid} under the lock that also guards the copies made for readers. */
    private void update(String reqid, Consumer<Entry> change) {
        synchronized (requests) {
            change.accept(requests.computeIfAbsent(reqid, r -> new Entry()));
        }
    }

    /** Waits until everything that was on the topics at start has been read. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public List<NodeStatus> nodes() {
        Instant now = Instant.now();
        return nodes.values().stream().map(h -> NodeStatus.of(h, now)).sorted(Comparator.comparing(NodeStatus::node)).toList();
    }

    public Optional<RequestStatus> request(String reqid) {
        synchronized (requests) {
            Entry e = requests.get(reqid);
            return e == null ? Optional.empty() : Optional.of(new RequestStatus(reqid, e.request, List.copyOf(e.responses), e.outcome));
        }
    }

    /** Completes with the outcome of {@code reqid}, at once if it was already read. */
    public CompletableFuture<DispatchOutcome> outcome(String reqid) {
        CompletableFuture<DispatchOutcome> future = waiters.computeIfAbsent(reqid, r -> new CompletableFuture<>());
        request(reqid).map(RequestStatus::outcome).ifPresent(o -> {
            waiters.remove(reqid);
            future.complete(o);
        });
        return future;
    }

    /** Records of each bus topic the view could not use (undecodable or against the rules) since it started. */
    public Map<String, Long> skippedRecords() {
        Map<String, Long> counts = new TreeMap<>();
        skipped.forEach((topic, count) -> counts.put(topic, count.get()));
        return counts;
    }

    /** Why the view stopped reading, if it did: then it shows an ever older bus. */
    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    /** Dead-letter records seen since the view started. */
    public long deadLetters() {
        return deadLetters.get();
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            reader.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
