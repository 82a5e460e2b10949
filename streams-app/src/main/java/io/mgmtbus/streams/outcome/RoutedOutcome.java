package io.mgmtbus.streams.outcome;

import io.mgmtbus.events.DispatchOutcome;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * An outcome with the partition it must be written to: the partition number of its request.
 * Requests come from any client with any partitioner, so the reqid alone does not say where a
 * request is; the rule "everything about a reqid is on its request's partition number" lets a
 * requester read its outcome from the partition its delivery report named.
 *
 * @param outcome the outcome
 * @param partition the partition number of the request (the task's partition)
 */
public record RoutedOutcome(DispatchOutcome outcome, int partition) {

    /** Forwards {@code outcome} from a task to the outcome sink, bound for the task's partition (the request's). */
    public static void forward(ProcessorContext<String, RoutedOutcome> context, DispatchOutcome outcome, Instant now) {
        context.forward(new Record<>(
                outcome.getReqid(), new RoutedOutcome(outcome, context.taskId().partition()), now.toEpochMilli()));
    }

    /** Writes each outcome to its {@link #partition()}. */
    public static StreamPartitioner<String, RoutedOutcome> partitioner() {
        return new StreamPartitioner<>() {
            @Override
            public Optional<Set<Integer>> partitions(String topic, String key, RoutedOutcome value, int numPartitions) {
                return Optional.of(Set.of(value.partition()));
            }
        };
    }

    /** Writes only the outcome, with {@code outcomes}' own serializer. */
    public static Serializer<RoutedOutcome> serializer(Serializer<DispatchOutcome> outcomes) {
        return (topic, routed) -> outcomes.serialize(topic, routed.outcome());
    }
}
