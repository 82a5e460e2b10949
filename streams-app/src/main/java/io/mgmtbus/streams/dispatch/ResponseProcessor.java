package io.mgmtbus.streams.dispatch;

import io.mgmtbus.contracts.records.RecordRules;
import io.mgmtbus.contracts.records.RefusedRecord;
import io.mgmtbus.events.NodeDispatchResponse;
import io.mgmtbus.streams.DispatchSettings;
import io.mgmtbus.streams.outcome.Routed;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Joins each response to its request by reqid. A node answers on the partition number of the
 * request it read, so both meet in the same task and {@link RequestTable} whatever partitioner the
 * requester used. The last expected answer closes the request as COMPLETE.
 */
public final class ResponseProcessor implements Processor<String, NodeDispatchResponse, String, Routed> {

    private final DispatchSettings settings;
    private ProcessorContext<String, Routed> context;
    private RequestTable table;

    public ResponseProcessor(DispatchSettings settings) {
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<String, Routed> context) {
        this.context = context;
        this.table = RequestTable.of(context, settings);
    }

    @Override
    public void process(Record<String, NodeDispatchResponse> record) {
        NodeDispatchResponse response = record.value();
        RefusedRecord.unless(RecordRules.response(record.key(), response));
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        table.answer(response.getReqid(), response.getResult(), now);
    }

    @Override
    public void close() {
        if (table != null) {
            table.close();
        }
    }
}
