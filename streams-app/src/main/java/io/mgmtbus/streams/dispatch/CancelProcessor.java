package io.mgmtbus.streams.dispatch;

import io.mgmtbus.contracts.records.RecordRules;
import io.mgmtbus.contracts.records.RefusedRecord;
import io.mgmtbus.events.DispatchCancel;
import io.mgmtbus.streams.DispatchSettings;
import io.mgmtbus.streams.outcome.Routed;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Closes a request as CANCELLED when its cancel arrives (on the request's partition number, so
 * in the same task). A cancel that breaks the record rules is refused and dead-lettered.
 */
public final class CancelProcessor implements Processor<String, DispatchCancel, String, Routed> {

    private final DispatchSettings settings;
    private ProcessorContext<String, Routed> context;
    private RequestTable table;

    public CancelProcessor(DispatchSettings settings) {
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<String, Routed> context) {
        this.context = context;
        this.table = RequestTable.of(context, settings);
    }

    @Override
    public void process(Record<String, DispatchCancel> record) {
        DispatchCancel cancel = record.value();
        RefusedRecord.unless(RecordRules.cancel(record.key(), cancel));
        table.cancel(cancel, Instant.ofEpochMilli(context.currentSystemTimeMs()));
    }

    @Override
    public void close() {
        if (table != null) {
            table.close();
        }
    }
}
