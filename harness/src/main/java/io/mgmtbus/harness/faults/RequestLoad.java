package io.mgmtbus.harness.faults;

import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.topics.BusTopics;
import io.mgmtbus.events.DispatchOutcome;
import io.mgmtbus.events.NodeDispatchRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Keeps a fixed number of broadcast {@code ping} requests in flight, straight on the request topic
 * (as any Kafka client would write them), and watches the outcome topic for their outcomes: a
 * new request goes out as soon as one is answered (a timed-out outcome frees its slot too), so an
 * outage cannot make the load grow without bound: issuing pauses while every slot waits.
 */
public final class RequestLoad implements AutoCloseable {

    /** Reqids of the requests that check the streams-app knows every node before the load starts. */
    static final String PROBE_PREFIX = "probe-";

    private final BusTopics topics;
    private final String prefix;
    private final Duration deadline;
    private final Semaphore slots;
    private final Timeline timeline = new Timeline();
    private final KafkaProducer<byte[], byte[]> producer;
    private final KafkaConsumer<String, DispatchOutcome> outcomes;
    private final AtomicLong sendFailures = new AtomicLong();
    private final Map<String, Integer> probesTargeted = new ConcurrentHashMap<>();
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final Thread watcher;
    private volatile boolean issuing = true;
    private volatile boolean closed;

    public RequestLoad(BusConfig bus, BusTopics topics, String prefix, int inFlight, Duration deadline) {
        this.topics = topics;
        this.prefix = prefix;
        this.deadline = deadline;
        this.slots = new Semaphore(inFlight);
        Map<String, Object> producerProps = bus.producerProperties();
        // A broker outage must not fail the requests the load already handed to the producer.
        producerProps.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int)
                Duration.ofMinutes(5).toMillis());
        this.producer = new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer());
        this.outcomes = new KafkaConsumer<>(
                bus.historyReaderProperties("mgmt-faults-load"),
                topics.outcomes().keySerde().deserializer(),
                topics.outcomes().valueSerde().deserializer());
        List<TopicPartition> partitions = outcomes
                .partitionsFor(topics.outcomes().name())
                .stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
        outcomes.assign(partitions);
        outcomes.seekToEnd(partitions);
        partitions.forEach(outcomes::position);
        this.watcher = new Thread(this::watchOutcomes, "faults-outcome-watcher");
        watcher.setDaemon(true);
        watcher.start();
    }

    Timeline timeline() {
        return timeline;
    }

    long sendFailures() {
        return sendFailures.get();
    }

    /** The reqids the broker acknowledged: each must be on the request topic afterwards. */
    public Set<String> acknowledged() {
        return Set.copyOf(acknowledged);
    }

    /** Issues requests until {@link #stopIssuing()}; run it on its own thread. */
    public void issue() {
        long n = 0;
        while (issuing) {
            try {
                if (!slots.tryAcquire(200, TimeUnit.MILLISECONDS)) {
                    continue; // every slot waits for an outcome (during an outage, until it ends)
                }
            } catch (InterruptedException e) {
                return;
            }
            if (!issuing) {
                return;
            }
            send(prefix + "-" + (n++));
        }
    }

    public void stopIssuing() {
        issuing = false;
    }

    /** Sends broadcast probes until one's outcome targets {@code nodes} nodes: the streams-app knows them all. */
    public void awaitNodesKnown(int nodes, Duration limit) throws InterruptedException {
        long until = System.nanoTime() + limit.toNanos();
        for (int attempt = 0; System.nanoTime() < until; attempt++) {
            String reqid = PROBE_PREFIX + attempt;
            send(reqid, Duration.ofSeconds(1));
            producer.flush();
            long probeUntil = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!probesTargeted.containsKey(reqid) && System.nanoTime() < probeUntil) {
                Thread.sleep(50);
            }
            if (probesTargeted.getOrDefault(reqid, 0) >= nodes) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the streams-app did not learn of " + nodes + " nodes within " + limit);
    }

    private void send(String reqid) {
        timeline.issued(reqid, System.currentTimeMillis());
        send(reqid, deadline);
    }

    private void send(String reqid, Duration timeout) {
        Instant now = Instant.now();
        NodeDispatchRequest request = NodeDispatchRequest.newBuilder()
                .setReqid(reqid)
                .setAction(List.of("ping"))
                .setNodes(List.of())
                .setIssuedAt(now)
                .setDeadline(now.plus(timeout))
                .setRequester("mgmt faults")
                .build();
        producer.send(
                new ProducerRecord<>(
                        topics.requests().name(),
                        topics.requests().serializeKey(reqid),
                        topics.requests().serializeValue(request)),
                (metadata, error) -> {
                    if (error != null) {
                        sendFailures.incrementAndGet();
                    } else {
                        acknowledged.add(reqid);
                    }
                });
    }

    /** Waits until every issued request has its outcome, or {@code limit} passed; returns how many still lack one. */
    public int awaitOutcomes(Duration limit) throws InterruptedException {
        producer.flush();
        long until = System.nanoTime() + limit.toNanos();
        while (timeline.outstanding() > 0 && System.nanoTime() < until) {
            Thread.sleep(200);
        }
        return timeline.outstanding();
    }

    private void watchOutcomes() {
        while (!closed) {
            try {
                for (ConsumerRecord<String, DispatchOutcome> record : outcomes.poll(Duration.ofMillis(200))) {
                    String reqid = record.key();
                    if (reqid != null && reqid.startsWith(PROBE_PREFIX)) {
                        probesTargeted.put(reqid, record.value().getTargetedCount());
                    } else if (reqid != null
                            && reqid.startsWith(prefix)
                            && timeline.outcomeSeen(reqid, System.currentTimeMillis())) {
                        slots.release();
                    }
                }
            } catch (InterruptException | org.apache.kafka.common.errors.WakeupException e) {
                return;
            } catch (RuntimeException e) {
                // a broker outage: the consumer reconnects on the next poll
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        issuing = false;
        closed = true;
        outcomes.wakeup();
        watcher.join(5000);
        outcomes.close();
        producer.close();
    }
}
