package io.mgmtbus.streams.rebuild;

import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.topics.BusTopics;
import io.mgmtbus.contracts.topics.ReadProgress;
import io.mgmtbus.contracts.topics.TopicProvisioner;
import io.mgmtbus.contracts.topics.TopicSpec;
import io.mgmtbus.events.DispatchOutcome;
import io.mgmtbus.events.NodeDispatchRequest;
import io.mgmtbus.schemas.registry.SchemaRegistryClient;
import io.mgmtbus.schemas.registry.SchemaRegistryException;
import io.mgmtbus.schemas.wire.WireFormat;
import io.mgmtbus.schemas.wire.WireFormatException;
import io.mgmtbus.streams.DispatchSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Recomputes the outcomes of the requests stamped in a time range from the recorded requests,
 * responses and hellos, with the streams-app's current bookkeeping code run in event time
 * ({@link OfflineDispatch}), and pairs each with the outcome the bus recorded then. The event
 * sourcing answer to "we fixed a bug in the bookkeeping: what would the outcomes have been?".
 * {@link #run} writes nothing; {@link #write} puts rebuilt outcomes on a separate topic, never on
 * the outcome topic.
 *
 * <p>The node table at the start of the range is what the retained hellos say: the compacted
 * hello topic keeps each node's latest hello and, until the log cleaner runs, its recent
 * heartbeats. A node whose hellos from that time were compacted away may be judged unknown.
 */
public final class OutcomeRebuild {

    /** After the last deadline of the range, how long answers and outcomes are still read. */
    static final Duration TAIL = Duration.ofMinutes(1);

    /**
     * One request of the range and its outcomes.
     *
     * @param reqid the request id
     * @param partition the request's partition number (an outcome belongs on the same one)
     * @param rebuilt the outcome computed now (its bytes in the wire format, and decoded)
     * @param rebuiltBytes the rebuilt outcome as the streams-app would have written it
     * @param original the outcome recorded on the bus, or null when there is none
     */
    public record Rebuilt(
            String reqid, int partition, DispatchOutcome rebuilt, byte[] rebuiltBytes, DispatchOutcome original) {}

    private final BusConfig config;
    private final BusTopics topics;
    private final DispatchSettings settings;

    public OutcomeRebuild(BusConfig config, BusTopics topics, DispatchSettings settings) {
        this.config = config;
        this.topics = topics;
        this.settings = settings;
    }

    /** Rebuilds the outcomes of the requests stamped in [{@code since}, {@code until}), in request order. */
    public List<Rebuilt> run(Instant since, Instant until, Path stateDir, ReadProgress progress) {
        try (RecordedEvents recorded = new RecordedEvents(config, progress)) {
            List<ConsumerRecord<byte[], byte[]>> requests =
                    recorded.read(topics.requests().name(), since, until);
            Map<String, Integer> partitions = new LinkedHashMap<>();
            Instant lastDeadline = until;
            for (ConsumerRecord<byte[], byte[]> request : requests) {
                partitions.putIfAbsent(reqid(request), request.partition());
                Instant deadline = deadline(request);
                lastDeadline = deadline.isAfter(lastDeadline) ? deadline : lastDeadline;
            }
            Instant tailEnd = lastDeadline.plus(settings.sweepInterval()).plus(TAIL);
            List<ConsumerRecord<byte[], byte[]>> events = new ArrayList<>(requests);
            events.addAll(
                    recorded.read(topics.responses().name(), since.minus(settings.earlyResponseGrace()), tailEnd));
            events.addAll(recorded.read(topics.hellos().name(), null, tailEnd));
            events.sort(Comparator.comparingLong(ConsumerRecord::timestamp));
            Map<String, OfflineDispatch.Written> rebuilt = replay(events, tailEnd, partitions, stateDir);
            Map<String, DispatchOutcome> originals = originals(recorded, since, tailEnd.plus(TAIL), partitions);
            List<Rebuilt> result = new ArrayList<>();
            partitions.forEach((reqid, partition) -> {
                OfflineDispatch.Written written = rebuilt.get(reqid);
                if (written != null) {
                    result.add(new Rebuilt(
                            reqid,
                            partition,
                            topics.outcomes().deserializeValue(written.value()),
                            written.value(),
                            originals.get(reqid)));
                }
            });
            return result;
        }
    }

    /**
     * Writes rebuilt outcomes to {@code topic} (created like the outcome topic when missing, its
     * value schema registered under {@code <topic>-value}), each on its request's partition
     * number, in one transaction: a failed write leaves none of them visible.
     */
    public void write(String topic, List<Rebuilt> rebuilt) {
        boolean busTopic = topics.specs().stream().anyMatch(spec -> spec.name().equals(topic));
        if (busTopic) {
            throw new IllegalArgumentException(topic
                    + " is a topic of the bus: rebuilt outcomes go to a separate topic, never over the originals");
        }
        try (Admin admin = Admin.create(config.clientProperties())) {
            new TopicProvisioner(admin)
                    .ensure(List.of(new TopicSpec(
                            topic,
                            BusTopics.DISPATCH_PARTITIONS,
                            Map.of("retention.ms", Long.toString(BusTopics.AUDIT_RETENTION.toMillis())))));
        }
        try {
            SchemaRegistryClient.forUrl(config.schemaRegistryUrl())
                    .register(WireFormat.subject(topic, false), DispatchOutcome.getClassSchema());
        } catch (SchemaRegistryException e) {
            throw new IllegalStateException(
                    "cannot register the outcome schema for " + topic + ": " + e.getMessage(), e);
        }
        Map<String, Object> props = config.clientProperties();
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "mgmt-rebuild-outcomes-" + UUID.randomUUID());
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            for (Rebuilt r : rebuilt) {
                producer.send(new ProducerRecord<>(
                        topic, r.partition(), r.rebuilt().getClosedAt().toEpochMilli(), r.reqid(), r.rebuiltBytes()));
            }
            producer.commitTransaction();
        }
    }

    /** Feeds the recorded events in time order, then runs the clock past the last deadline. */
    private Map<String, OfflineDispatch.Written> replay(
            List<ConsumerRecord<byte[], byte[]>> events, Instant tailEnd, Map<String, Integer> wanted, Path stateDir) {
        Instant start =
                events.isEmpty() ? tailEnd : Instant.ofEpochMilli(events.get(0).timestamp());
        Map<String, OfflineDispatch.Written> outcomes = new HashMap<>();
        try (OfflineDispatch dispatch = new OfflineDispatch(config, topics, settings, stateDir, start)) {
            for (ConsumerRecord<byte[], byte[]> event : events) {
                keep(
                        dispatch.process(
                                event.topic(), event.key(), event.value(), Instant.ofEpochMilli(event.timestamp())),
                        wanted,
                        outcomes);
            }
            keep(dispatch.advanceTo(tailEnd), wanted, outcomes);
        }
        return outcomes;
    }

    private static void keep(
            List<OfflineDispatch.Written> written,
            Map<String, Integer> wanted,
            Map<String, OfflineDispatch.Written> outcomes) {
        for (OfflineDispatch.Written w : written) {
            if (wanted.containsKey(w.reqid())) {
                outcomes.putIfAbsent(w.reqid(), w);
            }
        }
    }

    private Map<String, DispatchOutcome> originals(
            RecordedEvents recorded, Instant since, Instant until, Map<String, Integer> wanted) {
        Map<String, DispatchOutcome> originals = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record :
                recorded.read(topics.outcomes().name(), since, until)) {
            String reqid = reqid(record);
            if (wanted.containsKey(reqid) && !originals.containsKey(reqid)) {
                try {
                    originals.put(reqid, topics.outcomes().deserializeValue(record.value()));
                } catch (WireFormatException e) {
                    // an undecodable original counts as none
                }
            }
        }
        return originals;
    }

    /** The key of a bus record, the reqid (empty when missing: such records are refused by the bookkeeping). */
    private static String reqid(ConsumerRecord<byte[], byte[]> record) {
        return record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
    }

    /** When a request stops waiting: its deadline, or the default timeout after it was stamped. */
    private Instant deadline(ConsumerRecord<byte[], byte[]> record) {
        Instant stamped = Instant.ofEpochMilli(record.timestamp());
        try {
            NodeDispatchRequest request = topics.requests().deserializeValue(record.value());
            if (request != null && request.getDeadline() != null) {
                return request.getDeadline();
            }
        } catch (WireFormatException e) {
            // the topology dead-letters it; it has no deadline of its own
        }
        return stamped.plus(settings.defaultTimeout());
    }
}
