package io.mgmtbus.streams.index;

import io.mgmtbus.contracts.records.RecordRules;
import io.mgmtbus.contracts.topics.BusTopics;
import io.mgmtbus.events.NodeDispatchRequest;
import io.mgmtbus.events.RequestLocation;
import io.mgmtbus.streams.DispatchSettings;
import io.mgmtbus.streams.dispatch.RequestProcessor;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Writes where each request is to the request index, so {@code mgmt audit --reqid}, {@code mgmt
 * request} and {@code GET /requests/{reqid}} read a handful of records instead of scanning: the
 * reqid does not tell the partition (any client, any partitioner), and a time range is what a
 * lookup by reqid does not have. Requests that break the record rules (refused by the request
 * processor after this one) and later copies of an open request (which change nothing) are not
 * indexed.
 */
public final class RequestLocator implements Processor<String, NodeDispatchRequest, String, RequestLocation> {

    /** Producers' clocks differ from the streams-app's: widen the answer window by this much each way. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

    private final DispatchSettings settings;
    private ProcessorContext<String, RequestLocation> context;

    public RequestLocator(DispatchSettings settings) {
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<String, RequestLocation> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, NodeDispatchRequest> record) {
        NodeDispatchRequest request = record.value();
        Optional<RecordMetadata> source = context.recordMetadata();
        if (source.isEmpty()
                || RecordRules.request(record.key(), request).isPresent()
                || RequestProcessor.opened(context, settings, request.getReqid())) {
            return; // refused (dead-lettered by the request processor) or a duplicate (its first copy stands)
        }
        Instant opened = Instant.ofEpochMilli(context.currentSystemTimeMs());
        Instant stamped = Instant.ofEpochMilli(record.timestamp());
        Instant deadline =
                request.getDeadline() != null ? request.getDeadline() : opened.plus(settings.defaultTimeout());
        Instant first = stamped.isBefore(opened) ? stamped : opened;
        Instant last = deadline.isAfter(opened) ? deadline : opened;
        RequestLocation location = RequestLocation.newBuilder()
                .setReqid(request.getReqid())
                .setPartition(source.get().partition())
                .setRequestOffset(source.get().offset())
                .setRequestTimestamp(stamped)
                .setOpenedAt(opened)
                // Answers may come before the request (kept for the early-response grace period);
                // a timeout is decided on the next sweep after the deadline.
                .setAnswersFrom(first.minus(settings.earlyResponseGrace()).minus(CLOCK_SKEW))
                .setAnswersUntil(last.plus(settings.sweepInterval()).plus(CLOCK_SKEW))
                .build();
        context.forward(new Record<>(request.getReqid(), location, opened.toEpochMilli()));
    }

    /** Writes each entry to its reqid's index partition ({@link BusTopics#indexPartition}). */
    public static StreamPartitioner<String, RequestLocation> partitioner() {
        return new StreamPartitioner<>() {
            @Override
            public Optional<Set<Integer>> partitions(
                    String topic, String reqid, RequestLocation value, int numPartitions) {
                return Optional.of(Set.of(BusTopics.indexPartition(reqid)));
            }
        };
    }
}
