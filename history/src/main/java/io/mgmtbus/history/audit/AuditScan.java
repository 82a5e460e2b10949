package io.mgmtbus.history.audit;

import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.config.Durations;
import io.mgmtbus.contracts.deadletter.DeadLetter;
import io.mgmtbus.contracts.topics.BusTopics;
import io.mgmtbus.events.DispatchOutcome;
import io.mgmtbus.events.NodeDispatchRequest;
import io.mgmtbus.events.RequestLocation;
import io.mgmtbus.schemas.wire.WireFormatException;
import io.mgmtbus.topics.Offsets;
import io.mgmtbus.topics.ReadProgress;
import io.mgmtbus.topics.TopicRange;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the bus's history for an audit, straight from the topics (no side database): each
 * partition of the chosen topics from the first offset at or after {@code since} (found with
 * {@code offsetsForTimes}, never by scanning from the beginning) to the first at or after
 * {@code until}, or to its end at start, or for ever when following. Events come in offset order
 * per partition. Filters on action, requester or state first select reqids from the requests and
 * outcomes of the range, then every event of those reqids is shown.
 */
public final class AuditScan implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(200);

    /** How far back a reqid the index does not know is searched when no time range is given, by default. */
    public static final String UNINDEXED_WINDOW_TEXT = "24h";

    public static final Duration UNINDEXED_WINDOW = Durations.parse(UNINDEXED_WINDOW_TEXT);

    private final BusTopics topics;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private volatile boolean stopped;
    private Duration unindexedWindow = UNINDEXED_WINDOW;
    private Consumer<String> notices = notice -> {};

    public AuditScan(BusConfig config, BusTopics topics) {
        this.topics = topics;
        Map<String, Object> props = config.rangeReaderProperties("mgmt-audit");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * How far back (from {@code --until}, or now) a reqid the index does not know is searched
     * when no {@code --since} is given; null: not at all (a lookup answers from the index only).
     */
    public AuditScan unindexedWindow(Duration window) {
        this.unindexedWindow = window;
        return this;
    }

    /** Told, before the events, when a scan reads something else than asked (a reqid not in the index). */
    public AuditScan onNotice(Consumer<String> notices) {
        this.notices = notices;
        return this;
    }

    /**
     * Sends every matching event to {@code sink}, then returns how many there were. With {@code
     * follow} it keeps reading new events until {@link #stop()}. A reqid filter is looked up in
     * the request index first: then only the records the index points to are read; a reqid the
     * index does not know (older than the index, or never seen) is searched in the time range,
     * or in the {@link #unindexedWindow} without one.
     */
    public long run(AuditFilter filter, boolean follow, Consumer<AuditEvent> sink, ReadProgress progress) {
        Optional<RequestLocation> location = Optional.empty();
        if (filter.reqid() != null) {
            location = RequestLocations.find(consumer, topics, filter.reqid());
            if (location.isEmpty() && filter.since() == null) {
                if (unindexedWindow == null) {
                    return 0;
                }
                Instant end = filter.until() != null ? filter.until() : Instant.now();
                filter = filter.since(end.minus(unindexedWindow));
                notices.accept("reqid " + filter.reqid() + " is not in the request index; searched the "
                        + Durations.format(unindexedWindow) + " before "
                        + (filter.until() != null ? filter.until() : "now")
                        + " (use --since to search further back)");
            }
        }
        AuditFilter effective = filter;
        Optional<RequestLocation> located = location;
        Set<String> selected = null;
        if (filter.selectsRequests()) {
            selected = selectReqids(filter, located);
        }
        Set<String> reqids = selected;
        long[] count = {0};
        read(plan(filter.topics(), filter, follow, located), effective, follow, progress, event -> {
            if (matches(effective, event, reqids)) {
                count[0]++;
                sink.accept(event);
            }
        });
        return count[0];
    }

    /** Reqids whose request passes action/requester and whose outcome passes state, within the time range. */
    private Set<String> selectReqids(AuditFilter filter, Optional<RequestLocation> location) {
        Set<String> byRequest = new HashSet<>();
        Set<String> byOutcome = new HashSet<>();
        boolean requestFilter = filter.action() != null || filter.requester() != null;
        Set<AuditTopic> which = EnumSet.noneOf(AuditTopic.class);
        if (requestFilter) {
            which.add(AuditTopic.REQUESTS);
        }
        if (filter.state() != null) {
            which.add(AuditTopic.OUTCOMES);
        }
        read(plan(which, filter, false, location), filter, false, ReadProgress.NONE, event -> {
            if (event.event() instanceof NodeDispatchRequest request && filter.selectsRequest(request)) {
                byRequest.add(request.getReqid());
            } else if (event.event() instanceof DispatchOutcome outcome && filter.selectsOutcome(outcome)) {
                byOutcome.add(outcome.getReqid());
            }
        });
        if (requestFilter && filter.state() != null) {
            byRequest.retainAll(byOutcome);
            return byRequest;
        }
        return requestFilter ? byRequest : byOutcome;
    }

    private boolean matches(AuditFilter filter, AuditEvent event, Set<String> selected) {
        String reqid = event.reqid();
        if (filter.reqid() != null && !filter.reqid().equals(reqid)) {
            return false;
        }
        if (selected != null) {
            if (reqid == null) {
                return false;
            }
            if (!selected.contains(reqid)) {
                // A request that arrives while following is judged as it comes.
                boolean arriving = event.event() instanceof NodeDispatchRequest request
                        && filter.state() == null
                        && filter.selectsRequest(request);
                if (!arriving) {
                    return false;
                }
                selected.add(reqid);
            }
        }
        return filter.concernsNode(event.topic(), event.key(), event.event());
    }

    /** Which partitions to read, each from where to where (no ends when following). */
    private record Plan(
            Map<TopicPartition, AuditTopic> partitions,
            Map<TopicPartition, Long> starts,
            Map<TopicPartition, Long> ends) {}

    private Plan plan(Set<AuditTopic> which, AuditFilter filter, boolean follow, Optional<RequestLocation> location) {
        if (location.isEmpty()) {
            return planByTime(which, filter.since(), filter.until(), follow, (topic, partition) -> true);
        }
        RequestLocation at = location.get();
        Instant from = latest(at.getAnswersFrom(), filter.since());
        Instant until = filter.until() == null || at.getAnswersUntil().isBefore(filter.until())
                ? at.getAnswersUntil()
                : filter.until();
        if (follow) {
            return planByTime(which, from, null, true, (topic, partition) -> true);
        }
        Set<AuditTopic> windowed = EnumSet.of(
                AuditTopic.REQUESTS,
                AuditTopic.RESPONSES,
                AuditTopic.OUTCOMES,
                AuditTopic.CANCELS,
                AuditTopic.DEADLETTER);
        windowed.retainAll(which);
        // Responses, outcomes, cancels and a rollout's waves share the request's partition number;
        // other partitions have none of them.
        Plan plan = planByTime(
                windowed,
                from,
                until,
                false,
                (topic, partition) -> topic == AuditTopic.DEADLETTER || partition == at.getPartition());
        if (which.contains(AuditTopic.REQUESTS)) {
            // From the request itself (a requester's clock may stamp it before the window), on to its waves.
            TopicPartition request = new TopicPartition(topics.requests().name(), at.getPartition());
            plan.starts().put(request, at.getRequestOffset());
            plan.ends().merge(request, at.getRequestOffset() + 1, Math::max);
        }
        return plan;
    }

    /** The partitions of {@code which} that {@code keep} accepts, each from {@code since} to {@code until}. */
    private Plan planByTime(
            Set<AuditTopic> which,
            Instant since,
            Instant until,
            boolean follow,
            BiPredicate<AuditTopic, Integer> keep) {
        Map<TopicPartition, AuditTopic> partitions = new HashMap<>();
        for (AuditTopic topic : which) {
            String name = topic.topicName(topics);
            consumer.partitionsFor(name).stream()
                    .filter(p -> keep.test(topic, p.partition()))
                    .forEach(p -> partitions.put(new TopicPartition(name, p.partition()), topic));
        }
        List<TopicPartition> all = new ArrayList<>(partitions.keySet());
        Map<TopicPartition, Long> starts =
                new HashMap<>(Offsets.at(consumer, all, since, consumer.beginningOffsets(all)));
        Map<TopicPartition, Long> ends =
                new HashMap<>(follow ? Map.of() : Offsets.at(consumer, all, until, consumer.endOffsets(all)));
        return new Plan(partitions, starts, ends);
    }

    private static Instant latest(Instant a, Instant b) {
        return b == null || a.isAfter(b) ? a : b;
    }

    private void read(Plan plan, AuditFilter filter, boolean follow, ReadProgress progress, Consumer<AuditEvent> sink) {
        Map<TopicPartition, AuditTopic> partitions = plan.partitions();
        try {
            java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> each = record -> {
                AuditEvent event =
                        decode(partitions.get(new TopicPartition(record.topic(), record.partition())), record);
                // Clients stamp their own records: a record after the seek point may still be older than since.
                if ((filter.since() == null || !event.timestamp().isBefore(filter.since()))
                        && (filter.until() == null || event.timestamp().isBefore(filter.until()))) {
                    sink.accept(event);
                }
            };
            if (follow) {
                TopicRange.follow(consumer, plan.starts(), () -> stopped, progress, each);
            } else {
                TopicRange.read(consumer, plan.starts(), plan.ends(), progress, each);
            }
        } catch (WakeupException stopping) {
            // stop()
        }
    }

    private AuditEvent decode(AuditTopic topic, ConsumerRecord<byte[], byte[]> record) {
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        Instant timestamp = Instant.ofEpochMilli(record.timestamp());
        try {
            Object event = switch (topic) {
                case REQUESTS -> topics.requests().deserializeValue(record.value());
                case RESPONSES -> topics.responses().deserializeValue(record.value());
                case OUTCOMES -> topics.outcomes().deserializeValue(record.value());
                case CANCELS -> topics.cancels().deserializeValue(record.value());
                case HELLOS -> topics.hellos().deserializeValue(record.value());
                case DEADLETTER ->
                    new AuditEvent.DeadLetterView(
                            DeadLetter.header(record.headers(), DeadLetter.SOURCE_TOPIC),
                            DeadLetter.header(record.headers(), DeadLetter.SOURCE_PARTITION),
                            DeadLetter.header(record.headers(), DeadLetter.SOURCE_OFFSET),
                            DeadLetter.header(record.headers(), DeadLetter.COMPONENT),
                            DeadLetter.header(record.headers(), DeadLetter.REASON),
                            record.value() == null ? -1 : record.value().length);
            };
            return new AuditEvent(topic, record.partition(), record.offset(), timestamp, key, event, null);
        } catch (WireFormatException e) {
            return new AuditEvent(topic, record.partition(), record.offset(), timestamp, key, null, e.getMessage());
        }
    }

    /** Ends a following scan (from another thread). */
    public void stop() {
        stopped = true;
        consumer.wakeup();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
