package io.mgmtbus.harness.faults;

import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.topics.BusTopics;
import io.mgmtbus.contracts.topics.Topic;
import io.mgmtbus.events.DispatchOutcome;
import io.mgmtbus.events.OutcomeState;
import io.mgmtbus.events.Result;
import io.mgmtbus.topics.ReadProgress;
import io.mgmtbus.topics.TopicRange;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * What the topics say happened to a run's requests, read afterwards from the beginning with
 * {@code read_committed} (what any reader of the bus sees): how many were issued, how many have
 * an outcome, how many have more than one, how many have none, and how many outcomes count a
 * node's answer more than once.
 *
 * @param issued requests of the run on the request topic
 * @param withOutcome of those, how many have an outcome
 * @param duplicateOutcomes outcome records beyond the first for a reqid
 * @param lost issued requests without an outcome
 * @param answersCountedTwice outcomes that list a node twice or count more answers than results
 * @param timedOut outcomes that closed TIMED_OUT
 * @param acknowledgedMissing requests the broker acknowledged (or the agent said it dispatched) that
 *     are not on the request topic: lost before any reader could see them; counted in {@code lost}
 * @param duplicateAnswerRecords answer records beyond the first per (reqid, node) on the response
 *     topic: 0 when nodes answer exactly once; possible in fast mode, where they are counted once
 */
public record Ledger(
        int issued,
        int withOutcome,
        int duplicateOutcomes,
        int lost,
        int answersCountedTwice,
        int timedOut,
        int duplicateAnswerRecords,
        int acknowledgedMissing) {

    public boolean clean() {
        return lost == 0 && duplicateOutcomes == 0 && answersCountedTwice == 0;
    }

    /**
     * Reads the run's requests (those whose reqid {@code ofRun} accepts), their outcomes and
     * answers; {@code acknowledged} are the reqids the run knows were written, each of which must
     * be on the request topic.
     */
    public static Ledger read(BusConfig bus, BusTopics topics, Predicate<String> ofRun, Set<String> acknowledged) {
        Set<String> issued = new HashSet<>();
        each(bus, topics.requests(), r -> {
            if (r.key() != null && ofRun.test(r.key())) {
                issued.add(r.key());
            }
        });
        Map<String, Integer> outcomes = new HashMap<>();
        int[] countedTwice = {0};
        int[] timedOut = {0};
        each(bus, topics.outcomes(), r -> {
            if (r.key() == null || !ofRun.test(r.key())) {
                return;
            }
            if (outcomes.merge(r.key(), 1, Integer::sum) == 1) {
                countedTwice[0] += countsAnAnswerTwice(r.value()) ? 1 : 0;
                timedOut[0] += r.value().getState() == OutcomeState.TIMED_OUT ? 1 : 0;
            }
        });
        Map<String, Integer> answers = new HashMap<>();
        each(bus, topics.responses(), r -> {
            if (r.key() != null && ofRun.test(r.key()) && r.value() != null) {
                answers.merge(r.key() + "\u0000" + r.value().getResult().getNode(), 1, Integer::sum);
            }
        });
        int withOutcome = (int) issued.stream().filter(outcomes::containsKey).count();
        int missing = (int) acknowledged.stream()
                .filter(ofRun)
                .filter(r -> !issued.contains(r))
                .count();
        return new Ledger(
                issued.size(),
                withOutcome,
                outcomes.values().stream().mapToInt(n -> n - 1).sum(),
                issued.size() - withOutcome + missing,
                countedTwice[0],
                timedOut[0],
                answers.values().stream().mapToInt(n -> n - 1).sum(),
                missing);
    }

    private static boolean countsAnAnswerTwice(DispatchOutcome outcome) {
        List<Result> results = outcome.getResults();
        Set<String> nodes = new HashSet<>();
        boolean repeated = results.stream().anyMatch(r -> !nodes.add(r.getNode()));
        boolean overCounted =
                !outcome.getResultsTruncated() && outcome.getSuccessCount() + outcome.getErrorCount() != results.size();
        return repeated || overCounted || outcome.getSuccessCount() > outcome.getTargetedCount();
    }

    private static <K, V> void each(BusConfig bus, Topic<K, V> topic, Consumer<ConsumerRecord<K, V>> sink) {
        try (KafkaConsumer<K, V> consumer = new KafkaConsumer<>(
                bus.rangeReaderProperties("mgmt-faults-ledger"),
                topic.keySerde().deserializer(),
                topic.valueSerde().deserializer())) {
            TopicRange.read(consumer, topic.name(), Instant.EPOCH, Instant.now(), ReadProgress.NONE, sink);
        }
    }
}
