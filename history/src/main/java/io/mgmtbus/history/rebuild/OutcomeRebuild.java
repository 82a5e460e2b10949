package io.mgmtbus.history.rebuild;

import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.topics.BusTopics;
import io.mgmtbus.events.DispatchOutcome;
import io.mgmtbus.events.NodeDispatchRequest;
import io.mgmtbus.schemas.wire.WireFormatException;
import io.mgmtbus.streams.DispatchSettings;
import io.mgmtbus.streams.index.Locations;
import io.mgmtbus.topics.ReadProgress;
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
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Recomputes the outcomes of the requests stamped in a time range from the recorded requests,
 * responses, cancels and hellos, with the streams-app's current bookkeeping code run in event time
 * ({@link OfflineDispatch}), and pairs each with the outcome the bus recorded then. The event
 * sourcing answer to "we fixed a bug in the bookkeeping: what would the outcomes have been?".
 * Writes nothing ({@link RebuiltOutcomeWriter} does).
 *
 * <p>The node table at the start of the range is what the retained hellos say: the compacted
 * hello topic keeps each node's latest hello and, until the log cleaner runs, its recent
 * heartbeats. A node whose hellos from that time were compacted away may be judged unknown.
 */
public final class OutcomeRebuild {

    /** After the last deadline of the range, how long answers and recorded outcomes are still read. */
    static final Duration TAIL = Duration.ofMinutes(5);

    /**
     * One request of the range and its outcomes.
     *
     * @param reqid the request id
     * @param partition the request's partition number (an outcome belongs on the same one)
     * @param rebuilt the outcome computed now, or null when today's bookkeeping closed none
     * @param rebuiltBytes the rebuilt outcome as the streams-app would have written it, or null
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
            Instant start = since.minus(settings.earlyResponseGrace()).minus(Locations.CLOCK_SKEW);
            List<ConsumerRecord<byte[], byte[]>> events = new ArrayList<>(requests);
            // Only answers to the range's requests matter; others would wait for a request that never comes.
            for (String answers :
                    List.of(topics.responses().name(), topics.cancels().name())) {
                for (ConsumerRecord<byte[], byte[]> answer : recorded.read(answers, start, tailEnd)) {
                    if (partitions.containsKey(reqid(answer))) {
                        events.add(answer);
                    }
                }
            }
            events.addAll(recorded.read(topics.hellos().name(), null, tailEnd));
            events.sort(Comparator.comparingLong(ConsumerRecord::timestamp));
            Map<String, OfflineDispatch.Written> rebuilt = replay(events, start, tailEnd, partitions, stateDir);
            // A requester's clock may run ahead of the streams-app's: its outcome may be stamped before its request.
            Map<String, DispatchOutcome> originals =
                    originals(recorded, since.minus(Locations.CLOCK_SKEW), tailEnd, partitions);
            List<Rebuilt> result = new ArrayList<>();
            partitions.forEach((reqid, partition) -> {
                OfflineDispatch.Written written = rebuilt.get(reqid);
                result.add(new Rebuilt(
                        reqid,
                        partition,
                        written == null ? null : topics.outcomes().deserializeValue(written.value()),
                        written == null ? null : written.value(),
                        originals.get(reqid)));
            });
            return result;
        }
    }

    /** Feeds the recorded events in time order from {@code start}, then runs the clock past the last deadline. */
    private Map<String, OfflineDispatch.Written> replay(
            List<ConsumerRecord<byte[], byte[]>> events,
            Instant start,
            Instant tailEnd,
            Map<String, Integer> wanted,
            Path stateDir) {
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

    /** When a request stops waiting, by the bookkeeping's rule, judged at its timestamp. */
    private Instant deadline(ConsumerRecord<byte[], byte[]> record) {
        Instant stamped = Instant.ofEpochMilli(record.timestamp());
        try {
            NodeDispatchRequest request = topics.requests().deserializeValue(record.value());
            if (request != null) {
                return settings.deadlineOf(request, stamped);
            }
        } catch (WireFormatException e) {
            // the topology dead-letters it; it waits for nothing
        }
        return stamped;
    }
}
