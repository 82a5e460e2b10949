package io.mgmtbus.streams.outcome;

import io.mgmtbus.contracts.topics.BusTopics;
import io.mgmtbus.events.DispatchOutcome;
import io.mgmtbus.events.NodeDispatchRequest;
import io.mgmtbus.events.RequestLocation;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * What the bookkeeping writes, each to its own sink: an outcome to the outcome topic (on its
 * request's partition number), a location to the request index (on its reqid's index partition).
 */
public sealed interface Routed permits RoutedOutcome, Routed.Location, Routed.Wave {

    /** The sink of the outcome topic. */
    String OUTCOMES_SINK = "outcomes-sink";
    /** The sink of the request index. */
    String INDEX_SINK = "request-index-sink";
    /** The sink of a rollout's wave requests (the request topic). */
    String WAVES_SINK = "waves-sink";

    /**
     * A request index entry.
     *
     * @param location where a request is
     */
    record Location(RequestLocation location) implements Routed {}

    /**
     * A rollout's wave: a request naming the nodes to start now, for the partition number of the
     * rollout's own request (so their answers come back to the same task).
     *
     * @param request the wave request
     * @param partition the rollout request's partition number (the task's partition)
     */
    record Wave(NodeDispatchRequest request, int partition) implements Routed {}

    /** Writes each outcome to its request's partition number. */
    static StreamPartitioner<String, Routed> outcomePartitioner() {
        return new StreamPartitioner<>() {
            @Override
            public Optional<Set<Integer>> partitions(String topic, String key, Routed value, int numPartitions) {
                return Optional.of(Set.of(((RoutedOutcome) value).partition()));
            }
        };
    }

    /** Writes each wave to its rollout's partition number. */
    static StreamPartitioner<String, Routed> wavePartitioner() {
        return new StreamPartitioner<>() {
            @Override
            public Optional<Set<Integer>> partitions(String topic, String key, Routed value, int numPartitions) {
                return Optional.of(Set.of(((Wave) value).partition()));
            }
        };
    }

    /** Writes each index entry to its reqid's index partition ({@link BusTopics#indexPartition}). */
    static StreamPartitioner<String, Routed> indexPartitioner() {
        return new StreamPartitioner<>() {
            @Override
            public Optional<Set<Integer>> partitions(String topic, String reqid, Routed value, int numPartitions) {
                return Optional.of(Set.of(BusTopics.indexPartition(reqid)));
            }
        };
    }

    /** Writes only the outcome, with the outcome topic's serializer. */
    static Serializer<Routed> outcomeSerializer(Serializer<DispatchOutcome> outcomes) {
        return (topic, routed) -> outcomes.serialize(topic, ((RoutedOutcome) routed).outcome());
    }

    /** Writes only the wave request, with the request topic's serializer. */
    static Serializer<Routed> waveSerializer(Serializer<NodeDispatchRequest> requests) {
        return (topic, routed) -> requests.serialize(topic, ((Wave) routed).request());
    }

    /** Writes only the location, with the index topic's serializer. */
    static Serializer<Routed> locationSerializer(Serializer<RequestLocation> locations) {
        return (topic, routed) -> locations.serialize(topic, ((Location) routed).location());
    }
}
