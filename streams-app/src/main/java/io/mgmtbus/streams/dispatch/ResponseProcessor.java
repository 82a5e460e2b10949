package io.mgmtbus.streams.dispatch;

import io.mgmtbus.contracts.records.RecordRules;
import io.mgmtbus.contracts.records.RefusedRecord;
import io.mgmtbus.events.NodeDispatchResponse;
import io.mgmtbus.streams.state.PendingDispatch;
import io.mgmtbus.events.Result;
import io.mgmtbus.streams.outcome.Outcomes;
import io.mgmtbus.streams.outcome.RoutedOutcome;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import io.mgmtbus.streams.DispatchSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joins each response to its request by reqid. A node answers on the partition number of the
 * request it read, so both meet in the same task and store whatever partitioner the requester
 * used. The last expected answer closes the request as COMPLETE.
 */
public final class ResponseProcessor implements Processor<String, NodeDispatchResponse, String, RoutedOutcome> {

    private static final Logger log = LoggerFactory.getLogger(ResponseProcessor.class);

    private final DispatchSettings settings;
    private ProcessorContext<String, RoutedOutcome> context;
    private PendingDispatches pending;
    private DispatchBook book;

    public ResponseProcessor(DispatchSettings settings) {
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<String, RoutedOutcome> context) {
        this.context = context;
        this.pending = PendingDispatches.of(context, settings);
        this.book = new DispatchBook(pending);
    }

    @Override
    public void process(Record<String, NodeDispatchResponse> record) {
        NodeDispatchResponse response = record.value();
        RefusedRecord.unless(RecordRules.response(record.key(), response));
        String reqid = response.getReqid();
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        PendingDispatch entry = pending.get(reqid);
        if (entry == null) {
            entry = DispatchBook.early(reqid, now);
        }
        Result result = response.getResult();
        DispatchBook.Recorded recorded = book.record(entry, result);
        if (recorded != DispatchBook.Recorded.ACCEPTED) {
            log.info("response of node {} to {} not counted: {}", result.getNode(), reqid, recorded.name().toLowerCase());
        }
        if (DispatchBook.complete(entry)) {
            Closing.close(context, pending, entry, Outcomes.complete(entry, pending.members(reqid), now), now);
        } else {
            pending.put(entry);
        }
    }
}
