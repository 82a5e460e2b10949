package io.mgmtbus.history.replay;

import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.dispatch.ResultDiff;
import io.mgmtbus.contracts.targeting.Targeting;
import io.mgmtbus.contracts.topics.BusProvisioning;
import io.mgmtbus.contracts.topics.BusTopics;
import io.mgmtbus.events.DispatchOutcome;
import io.mgmtbus.events.NodeDispatchRequest;
import io.mgmtbus.history.audit.AuditFilter;
import io.mgmtbus.history.audit.AuditScan;
import io.mgmtbus.history.audit.AuditTopic;
import io.mgmtbus.topics.ReadProgress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Re-produces a selected slice of a bus's requests into another bus (another topic prefix and/or
 * cluster), with fresh reqids unless kept, at a given rate; and, when asked, waits for the
 * replayed outcomes and compares them with the originals node by node. The target bus needs its
 * own streams-app and nodes.
 */
public final class Replay {

    /**
     * One replayed request: where it came from (its reqid and issue time), what it is called now,
     * and its timeout (null without a deadline). It is issued, and its deadline set, as it is sent:
     * a slow selection or a low {@code --rate} must not send requests that have already expired.
     */
    public record Replayed(
            String originalReqid,
            Instant originalIssuedAt,
            String reqid,
            NodeDispatchRequest original,
            Duration timeout) {

        /** The request as sent at {@code now}: its reqid, issued now, the original's timeout from now. */
        public NodeDispatchRequest at(Instant now) {
            return NodeDispatchRequest.newBuilder()
                    .setReqid(reqid)
                    .setAction(original.getAction())
                    .setNodes(original.getNodes())
                    .setIssuedAt(now)
                    .setDeadline(timeout == null ? null : now.plus(timeout))
                    .setRequester(original.getRequester())
                    .setSelector(original.getSelector())
                    .setRollout(original.getRollout())
                    .build();
        }
    }

    /** The comparison of one replayed request: its differences (empty when equal), or why it could not be compared. */
    public record Comparison(String originalReqid, String reqid, List<String> differences, String problem) {

        public boolean same() {
            return problem == null && differences.isEmpty();
        }
    }

    private final BusConfig source;
    private final BusConfig target;

    public Replay(BusConfig source, BusConfig target) {
        if (source.bootstrapServers().equals(target.bootstrapServers())
                && source.topicPrefix().equals(target.topicPrefix())) {
            throw new IllegalArgumentException("the target is the source bus: give --to-prefix or --to-bootstrap");
        }
        this.source = source;
        this.target = target;
    }

    /** The requests {@code filter} selects on the source bus, in read order. */
    public List<NodeDispatchRequest> select(AuditFilter filter, ReadProgress progress) {
        AuditFilter requestsOnly = new AuditFilter(
                filter.reqid(),
                filter.node(),
                filter.action(),
                filter.requester(),
                filter.state(),
                Set.of(AuditTopic.REQUESTS),
                filter.since(),
                filter.until());
        List<NodeDispatchRequest> requests = new ArrayList<>();
        try (AuditScan scan = new AuditScan(source, new BusTopics(source))) {
            scan.run(
                    requestsOnly,
                    false,
                    event -> {
                        // A rollout's waves are the source's streams-app at work: replaying the
                        // rollout makes the target's streams-app write its own.
                        if (event.event() instanceof NodeDispatchRequest request && !Targeting.isWave(request)) {
                            requests.add(request);
                        }
                    },
                    progress);
        }
        return requests;
    }

    /** What the replayed requests will be: fresh reqids (or kept), each with its original's timeout. */
    public static List<Replayed> plan(List<NodeDispatchRequest> requests, boolean keepReqids) {
        List<Replayed> plan = new ArrayList<>();
        for (NodeDispatchRequest original : requests) {
            String reqid = keepReqids ? original.getReqid() : UUID.randomUUID().toString();
            Duration timeout = original.getDeadline() == null
                    ? null
                    : Duration.between(original.getIssuedAt(), original.getDeadline());
            plan.add(new Replayed(original.getReqid(), original.getIssuedAt(), reqid, original, timeout));
        }
        return plan;
    }

    /**
     * Produces the plan to the target bus, at most {@code perSecond} requests a second (0: as fast
     * as the producer goes); {@code progress} is told after each. With {@code compare}, returns the
     * comparison with the source's outcomes once each replayed outcome arrived (or {@code wait}
     * passed); otherwise an empty list.
     */
    public List<Comparison> run(
            List<Replayed> plan, double perSecond, boolean compare, Duration wait, LongConsumer progress)
            throws InterruptedException {
        BusTopics targetTopics = BusProvisioning.ensure(target);
        Map<String, CompletableFuture<DispatchOutcome>> replayed = new LinkedHashMap<>();
        try (ReplayedOutcomes targetView = compare ? new ReplayedOutcomes(target, targetTopics) : null) {
            Map<String, Object> props = target.producerProperties();
            long pause = perSecond > 0 ? Math.round(1_000_000_000L / perSecond) : 0;
            long next = System.nanoTime();
            try (KafkaProducer<String, NodeDispatchRequest> producer = new KafkaProducer<>(
                    props,
                    targetTopics.requests().keySerde().serializer(),
                    targetTopics.requests().valueSerde().serializer())) {
                long sent = 0;
                List<Future<RecordMetadata>> acks = new ArrayList<>();
                for (Replayed one : plan) {
                    if (pause > 0) {
                        long sleep = next - System.nanoTime();
                        if (sleep > 0) {
                            TimeUnit.NANOSECONDS.sleep(sleep);
                        }
                        next += pause;
                    }
                    if (targetView != null) {
                        replayed.put(one.reqid(), targetView.of(one.reqid()));
                    }
                    acks.add(producer.send(targetTopics.requests().record(one.reqid(), one.at(Instant.now()))));
                    progress.accept(++sent);
                }
                producer.flush();
                for (Future<RecordMetadata> ack : acks) {
                    try {
                        ack.get();
                    } catch (ExecutionException e) {
                        throw new IllegalStateException(
                                "cannot produce to " + targetTopics.requests().name() + ": " + e.getCause(), e);
                    }
                }
            }
            return compare ? compare(plan, replayed, wait) : List.of();
        }
    }

    private List<Comparison> compare(
            List<Replayed> plan, Map<String, CompletableFuture<DispatchOutcome>> replayed, Duration wait)
            throws InterruptedException {
        Map<String, DispatchOutcome> originals = originalOutcomes(plan);
        long deadline = System.nanoTime() + wait.toNanos();
        List<Comparison> comparisons = new ArrayList<>();
        for (Replayed one : plan) {
            DispatchOutcome original = originals.get(one.originalReqid());
            DispatchOutcome again;
            try {
                again = replayed.get(one.reqid()).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                again = null;
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
            }
            if (original == null) {
                comparisons.add(
                        new Comparison(one.originalReqid(), one.reqid(), List.of(), "the original has no outcome"));
            } else if (again == null) {
                comparisons.add(new Comparison(
                        one.originalReqid(),
                        one.reqid(),
                        List.of(),
                        "no replayed outcome within " + wait.toSeconds()
                                + "s (does the target bus run a streams-app and nodes?)"));
            } else {
                comparisons.add(
                        new Comparison(one.originalReqid(), one.reqid(), ResultDiff.between(original, again), null));
            }
        }
        return comparisons;
    }

    /** The source's outcomes of the replayed reqids, read from the earliest issue time on. */
    private Map<String, DispatchOutcome> originalOutcomes(List<Replayed> plan) {
        Map<String, DispatchOutcome> outcomes = new HashMap<>();
        Set<String> wanted = new HashSet<>();
        Instant earliest = null;
        for (Replayed one : plan) {
            wanted.add(one.originalReqid());
            earliest =
                    earliest == null || one.originalIssuedAt().isBefore(earliest) ? one.originalIssuedAt() : earliest;
        }
        // Outcomes close after their request was issued; a minute of slack covers clocks that differ.
        Instant since = earliest == null ? null : earliest.minus(Duration.ofMinutes(1));
        AuditFilter filter = new AuditFilter(null, null, null, null, null, Set.of(AuditTopic.OUTCOMES), since, null);
        try (AuditScan scan = new AuditScan(source, new BusTopics(source))) {
            scan.run(
                    filter,
                    false,
                    event -> {
                        if (event.event() instanceof DispatchOutcome outcome && wanted.contains(outcome.getReqid())) {
                            outcomes.put(outcome.getReqid(), outcome);
                        }
                    },
                    ReadProgress.NONE);
        }
        return outcomes;
    }
}
