package io.mgmtbus.streams.index;

import io.mgmtbus.events.NodeDispatchRequest;
import io.mgmtbus.events.RequestLocation;
import io.mgmtbus.streams.DispatchSettings;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * The request index entries the bookkeeping writes, so {@code mgmt audit --reqid}, {@code mgmt
 * request} and {@code GET /requests/{reqid}} read a handful of records instead of scanning: the
 * reqid does not tell the partition (any client, any partitioner), and a lookup by reqid has no
 * time range. One entry when a request opens, the same with {@code closed_at} when it closes.
 */
public final class Locations {

    /** Producers' clocks differ from the streams-app's: the answer window is this much wider each way. */
    public static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

    private Locations() {}

    /**
     * Where a request just opened is, and the window its answers and outcome fall in: from
     * before it was stamped (answers may come first, kept for the early-response grace period)
     * to the sweep after its deadline (when it times out at the latest).
     */
    public static RequestLocation opened(
            NodeDispatchRequest request,
            RecordMetadata source,
            Instant stamped,
            Instant deadline,
            Instant now,
            DispatchSettings settings) {
        Instant first = stamped.isBefore(now) ? stamped : now;
        Instant last = deadline.isAfter(now) ? deadline : now;
        return RequestLocation.newBuilder()
                .setReqid(request.getReqid())
                .setPartition(source.partition())
                .setRequestOffset(source.offset())
                .setRequestTimestamp(stamped)
                .setOpenedAt(now)
                .setAnswersFrom(first.minus(settings.earlyResponseGrace()).minus(CLOCK_SKEW))
                .setAnswersUntil(last.plus(settings.sweepInterval()).plus(CLOCK_SKEW))
                .build();
    }

    /** The entry of a request that closed at {@code now}: its outcome is stamped {@code now}, perhaps after the window. */
    public static RequestLocation closed(RequestLocation opened, Instant now) {
        Instant until = now.plus(CLOCK_SKEW);
        return RequestLocation.newBuilder()
                .setReqid(opened.getReqid())
                .setPartition(opened.getPartition())
                .setRequestOffset(opened.getRequestOffset())
                .setRequestTimestamp(opened.getRequestTimestamp())
                .setOpenedAt(opened.getOpenedAt())
                .setAnswersFrom(opened.getAnswersFrom())
                .setAnswersUntil(until.isAfter(opened.getAnswersUntil()) ? until : opened.getAnswersUntil())
                .setClosedAt(now)
                .build();
    }
}
