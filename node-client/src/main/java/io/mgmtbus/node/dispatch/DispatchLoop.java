package io.mgmtbus.node.dispatch;

import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.deadletter.DeadLetter;
import io.mgmtbus.contracts.groups.ConsumerGroups;
import io.mgmtbus.contracts.records.RecordRules;
import io.mgmtbus.contracts.topics.BusTopics;
import io.mgmtbus.events.NodeDispatchRequest;
import io.mgmtbus.node.identity.NodeIdentity;
import io.mgmtbus.schemas.wire.WireFormatException;
import io.mgmtbus.topics.Offsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's consume-transform-produce loop. Exactly once per (reqid, node) by default: each
 * batch of requests is read, answered, and its offsets committed in one Kafka transaction, so a
 * node that crashes mid-batch answers those requests again after restart and readers
 * (read_committed) see each answer once. At least once on request ({@link Delivery}): answers
 * acknowledged first, offsets committed after.
 *
 * <p>The node reads every partition by {@code assign()} rather than joining a consumer group:
 * every node reads every request, and group membership for tens of thousands of nodes would
 * mean as many groups rebalancing. Its group id only stores its committed offsets. The
 * transactional id is derived from the node name, so a second process with the same name fences
 * the first (which stops and says so).
 */
public final class DispatchLoop implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(DispatchLoop.class);
    private static final String COMPONENT = "node-client";
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration RETRY_BACKOFF = Duration.ofSeconds(1);
    static final int MAX_BATCH = 20;
    static final Duration TRANSACTION_TIMEOUT = Duration.ofMinutes(5);

    private final BusTopics topics;
    private final NodeIdentity identity;
    private final RequestHandler handler;
    private final DispatchMetrics metrics;
    private final DispatchHooks hooks;
    private final Duration catchUpWindow;
    private final Delivery delivery;
    private final AtomicReference<Exception> sendFailure = new AtomicReference<>();
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer;
    private final Map<String, Object> producerConfig;
    private final String transactionalId;
    private final CountDownLatch ready = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile boolean fenced;
    private volatile boolean failed;
    private final CompletableFuture<String> failure = new CompletableFuture<>();
    private final CancelWatch cancels;

    public DispatchLoop(
            BusConfig config,
            BusTopics topics,
            NodeIdentity identity,
            RequestHandler handler,
            DispatchMetrics metrics,
            DispatchHooks hooks,
            Duration catchUpWindow,
            Delivery delivery) {
        this.topics = topics;
        this.identity = identity;
        this.handler = handler;
        this.metrics = metrics;
        this.hooks = hooks;
        this.catchUpWindow = catchUpWindow;
        this.delivery = delivery;
        String id = kafkaId(topics, identity);

        Map<String, Object> consumerProps = config.followerProperties(id + "-requests");
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, id);
        // Actions run one after another inside the batch's transaction: a small batch keeps the
        // worst case (every action hitting its time limit) well inside the transaction timeout.
        consumerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_BATCH);
        this.consumer = new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer());

        Map<String, Object> producerProps = config.producerProperties();
        if (delivery == Delivery.EXACTLY_ONCE) {
            producerProps.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, id);
            producerProps.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) TRANSACTION_TIMEOUT.toMillis());
        }
        producerProps.put(ProducerConfig.CLIENT_ID_CONFIG, id + "-responses");
        producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        this.producer = new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer());
        this.producerConfig = Map.copyOf(producerProps);
        this.cancels = new CancelWatch(config, topics, identity.name(), id + "-cancels");
        this.transactionalId = id;
    }

    /** The group id and transactional id of a node: one per node name per bus. */
    public static String kafkaId(BusTopics topics, NodeIdentity identity) {
        return ConsumerGroups.node(topics, identity.name());
    }

    /** Blocks until the node owns its transactional id and has positioned its consumer. */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        return ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean isFenced() {
        return fenced;
    }

    /** Completes with a one-line reason when the loop stops answering (fenced or failed); never on a clean stop. */
    public CompletableFuture<String> failure() {
        return failure;
    }

    /** Whether the loop still answers: not fenced, not stopped by an error. A node that does not answer must not say hello. */
    public boolean isAnswering() {
        return !fenced && !failed;
    }

    @Override
    public void run() {
        try {
            if (delivery == Delivery.EXACTLY_ONCE) {
                producer.initTransactions(); // fences an earlier incarnation and aborts its open transaction
            } else {
                fenceEarlierTransactions();
            }
            cancels.start(Instant.now().minus(catchUpWindow));
            if (!cancels.awaitCaughtUp(Duration.ofSeconds(60))) {
                if (!running) {
                    return; // closed while the cancel watch started
                }
                throw new KafkaException("could not read " + topics.cancels().name() + " within 60 s");
            }
            List<TopicPartition> partitions = consumer
                    .partitionsFor(topics.requests().name())
                    .stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            rewindToCommitted(Set.copyOf(partitions));
            ready.countDown();
            log.info(
                    "node {} reading {} ({} partitions) and {}",
                    identity.name(),
                    topics.requests().name(),
                    partitions.size(),
                    topics.cancels().name());
            while (running) {
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(POLL);
                if (batch.isEmpty()) {
                    continue;
                }
                if (delivery == Delivery.EXACTLY_ONCE) {
                    processInTransaction(batch);
                } else {
                    processThenCommit(batch);
                }
            }
        } catch (WakeupException stopping) {
            // close() interrupts the poll
        } catch (ProducerFencedException | InvalidProducerEpochException e) {
            reportFenced();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failed = true;
            running = false;
            log.error("node {}: stopped answering requests: {}", identity.name(), e.toString(), e);
            failure.complete("node " + identity.name() + " stopped answering requests: " + e.getMessage());
        } finally {
            ready.countDown();
        }
    }

    /**
     * An exactly-once incarnation of this node may have died with a transaction open: its
     * offsets and answers would hold back every read_committed reader until the transaction
     * times out. Registering the same transactional id once aborts it (and fences that
     * incarnation, should it still run).
     */
    private void fenceEarlierTransactions() {
        Map<String, Object> props = new HashMap<>(producerConfig);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        try (KafkaProducer<byte[], byte[]> once =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            once.initTransactions();
        }
    }

    private void processInTransaction(ConsumerRecords<byte[], byte[]> batch) {
        try {
            producer.beginTransaction();
            int answers = 0;
            for (ConsumerRecord<byte[], byte[]> record : batch) {
                answers += process(record) ? 1 : 0;
            }
            producer.sendOffsetsToTransaction(nextOffsets(batch), consumer.groupMetadata());
            hooks.beforeCommit(answers);
            producer.commitTransaction();
        } catch (ProducerFencedException | InvalidProducerEpochException e) {
            throw e;
        } catch (WakeupException e) {
            abortQuietly();
            throw e;
        } catch (KafkaException e) {
            // Nothing of this batch is visible: abort, go back to the last commit, read it again.
            log.warn("node {}: transaction aborted, the batch will be read again: {}", identity.name(), e.toString());
            metrics.abortedBatches.increment();
            abortQuietly();
            rewindToCommitted(batch.partitions());
            sleep(RETRY_BACKOFF);
        }
    }

    /** At least once: every answer of the batch acknowledged, then its offsets committed. */
    private void processThenCommit(ConsumerRecords<byte[], byte[]> batch) {
        try {
            sendFailure.set(null);
            int answers = 0;
            for (ConsumerRecord<byte[], byte[]> record : batch) {
                answers += process(record) ? 1 : 0;
            }
            producer.flush();
            if (sendFailure.get() != null) {
                throw new KafkaException("an answer could not be sent", sendFailure.get());
            }
            hooks.beforeCommit(answers);
            consumer.commitSync(nextOffsets(batch));
        } catch (WakeupException e) {
            // Stopping: the answers were acknowledged, so commit them rather than run the batch again.
            commitQuietly(batch);
            throw e;
        } catch (KafkaException e) {
            // Answers already acknowledged will be sent again; the streams-app counts each node once.
            log.warn("node {}: batch not committed, it will be read again: {}", identity.name(), e.toString());
            metrics.abortedBatches.increment();
            rewindToCommitted(batch.partitions());
            sleep(RETRY_BACKOFF);
        }
    }

    private void commitQuietly(ConsumerRecords<byte[], byte[]> batch) {
        if (sendFailure.get() != null) {
            return;
        }
        try {
            producer.flush();
            if (sendFailure.get() == null) {
                consumer.commitSync(nextOffsets(batch));
            }
        } catch (KafkaException e) {
            log.debug("commit while stopping failed; the batch will be read again", e);
        }
    }

    private void send(ProducerRecord<byte[], byte[]> record) {
        producer.send(record, (metadata, e) -> {
            if (e != null) {
                sendFailure.compareAndSet(null, e);
            }
        });
    }

    /** Handles one record inside the open transaction; true when it produced an answer. */
    private boolean process(ConsumerRecord<byte[], byte[]> record) {
        NodeDispatchRequest request;
        try {
            request = topics.requests().deserializeValue(record.value());
        } catch (WireFormatException e) {
            // Bad bytes are the record's fault; an unreachable registry is not (it is a
            // KafkaException: the batch is aborted and read again after a pause).
            return deadLetter(record, "undecodable NodeDispatchRequest: " + e.getMessage());
        }
        Optional<String> refused = RecordRules.request(topics.requests().deserializeKey(record.key()), request);
        if (refused.isPresent()) {
            return deadLetter(record, refused.get());
        }
        RequestHandler.Decision decision;
        try {
            decision = handler.handle(request, Instant.now(), cancels.isCancelled(request.getReqid()));
        } catch (RuntimeException e) {
            // A request that breaks the node's own code must not stop it answering everything else.
            log.error("node {}: request {} could not be handled", identity.name(), request.getReqid(), e);
            return deadLetter(record, "node failed to handle the request: " + e);
        }
        if (decision instanceof RequestHandler.Decision.Answer answer) {
            // The answer goes to the partition number its request is on, whatever partitioner the
            // requester used: that is where the streams-app pairs them (see BusTopics).
            send(new ProducerRecord<>(
                    topics.responses().name(),
                    record.partition(),
                    topics.responses().serializeKey(request.getReqid()),
                    topics.responses().serializeValue(answer.response())));
            metrics.answered.increment();
            log.debug("node {} answered {} {}", identity.name(), request.getReqid(), request.getAction());
            return true;
        }
        if (decision instanceof RequestHandler.Decision.Cancelled) {
            metrics.cancelled.increment();
            log.info("node {} skipped cancelled request {}", identity.name(), request.getReqid());
        } else if (decision instanceof RequestHandler.Decision.BadSelector bad) {
            metrics.notTargeted.increment();
            log.warn(
                    "node {} cannot tell whether request {} is for it: {}",
                    identity.name(),
                    request.getReqid(),
                    bad.problem());
        } else if (decision instanceof RequestHandler.Decision.Expired expired) {
            metrics.expired.increment();
            log.info(
                    "node {} skipped expired request {} (deadline {} passed)",
                    identity.name(),
                    request.getReqid(),
                    expired.deadline());
        } else {
            metrics.notTargeted.increment();
        }
        return false;
    }

    private boolean deadLetter(ConsumerRecord<byte[], byte[]> record, String reason) {
        log.warn(
                "node {}: {}-{}@{} goes to the dead-letter topic: {}",
                identity.name(),
                record.topic(),
                record.partition(),
                record.offset(),
                reason);
        send(DeadLetter.of(topics.deadLetter(), record, COMPONENT + "/" + identity.name(), reason));
        metrics.deadLettered.increment();
        return false;
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<byte[], byte[]> batch) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : batch.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> records = batch.records(partition);
            offsets.put(
                    partition,
                    new OffsetAndMetadata(records.get(records.size() - 1).offset() + 1));
        }
        return offsets;
    }

    /**
     * Positions the consumer at the node's committed offsets. A partition the node never committed
     * on starts {@code catchUpWindow} back in time, so a new node catches up on recent requests
     * (those still before their deadline) without replaying the whole audit log.
     */
    private void rewindToCommitted(Set<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(partitions);
        List<TopicPartition> fresh =
                partitions.stream().filter(p -> committed.get(p) == null).toList();
        committed.forEach((partition, offset) -> {
            if (offset != null) {
                consumer.seek(partition, offset);
            }
        });
        if (!fresh.isEmpty()) {
            Offsets.at(consumer, fresh, Instant.now().minus(catchUpWindow), consumer.endOffsets(fresh))
                    .forEach(consumer::seek);
        }
    }

    private void reportFenced() {
        fenced = true;
        running = false;
        failure.complete("node " + identity.name() + " was fenced: another process with the same node name took over");
        log.error(
                "node {}: another process with the same node name started and took over (transactional id {} fenced). "
                        + "Node names must be unique; this instance stops answering.",
                identity.name(),
                kafkaId(topics, identity));
    }

    private void abortQuietly() {
        try {
            producer.abortTransaction();
        } catch (KafkaException e) {
            log.debug("abort failed", e);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Asks the loop to stop; {@link #closeClients()} follows once the loop thread has ended. */
    public void stop() {
        running = false;
        consumer.wakeup();
    }

    public void closeClients() {
        cancels.close();
        try {
            producer.close(Duration.ofSeconds(5));
        } catch (KafkaException e) {
            log.debug("producer close", e);
        }
        try {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        } catch (KafkaException e) {
            log.debug("consumer close", e);
        }
    }
}
