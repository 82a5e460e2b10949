package io.mgmtbus.streams.dispatch;

import io.mgmtbus.contracts.records.RecordRules;
import io.mgmtbus.contracts.records.RefusedRecord;
import io.mgmtbus.contracts.hello.Liveness;
import io.mgmtbus.events.DispatchOutcome;
import io.mgmtbus.events.NodeDispatchRequest;
import io.mgmtbus.events.NodeHello;
import io.mgmtbus.streams.state.PendingDispatch;
import io.mgmtbus.streams.DispatchSettings;
import io.mgmtbus.streams.hello.NodeTableUpdater;
import io.mgmtbus.streams.outcome.Outcomes;
import io.mgmtbus.streams.outcome.RoutedOutcome;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens each request against the node table, answers at once when nothing is left to wait for
 * (no expected node, or every one answered early), and on a wall-clock schedule closes overdue
 * requests as TIMED_OUT and forgets stale entries.
 */
public final class RequestProcessor implements Processor<String, NodeDispatchRequest, String, RoutedOutcome> {

    private static final Logger log = LoggerFactory.getLogger(RequestProcessor.class);

    private final DispatchSettings settings;
    private ProcessorContext<String, RoutedOutcome> context;
    private PendingDispatches pending;
    private DispatchBook book;
    private KeyValueStore<String, NodeHello> nodes;

    public RequestProcessor(DispatchSettings settings) {
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<String, RoutedOutcome> context) {
        this.context = context;
        this.pending = PendingDispatches.of(context, settings);
        this.book = new DispatchBook(pending);
        this.nodes = context.getStateStore(NodeTableUpdater.STORE);
        context.schedule(settings.sweepInterval(), PunctuationType.WALL_CLOCK_TIME, this::sweep);
    }

    @Override
    public void process(Record<String, NodeDispatchRequest> record) {
        NodeDispatchRequest request = record.value();
        RefusedRecord.unless(RecordRules.request(record.key(), request));
        String reqid = request.getReqid();
        PendingDispatch existing = pending.get(reqid);
        if (existing != null && existing.getRequest() != null) {
            log.info("request {} seen again (duplicate or replay); its first copy stands", reqid);
            return;
        }
        Instant now = now();
        PendingDispatch entry = book.open(existing, request, knownNodes(request, now), now, settings.defaultTimeout());
        if (DispatchBook.complete(entry)) {
            close(entry, Outcomes.complete(entry, pending.members(reqid), now), now);
        } else {
            pending.put(entry);
        }
    }

    /**
     * Known nodes among those the request can target: said hello, did not leave, and heartbeat not
     * overdue (a silent crash is not waited for). A request naming nodes looks up just those; only
     * a broadcast reads the whole table.
     */
    private Set<String> knownNodes(NodeDispatchRequest request, Instant now) {
        Set<String> known = new HashSet<>();
        if (!request.getNodes().isEmpty()) {
            for (String name : request.getNodes()) {
                NodeHello hello = nodes.get(name);
                if (hello != null && Liveness.isLive(hello, now)) {
                    known.add(name);
                }
            }
            return known;
        }
        try (KeyValueIterator<String, NodeHello> all = nodes.all()) {
            all.forEachRemaining(kv -> {
                if (Liveness.isLive(kv.value, now)) {
                    known.add(kv.key);
                }
            });
        }
        return known;
    }

    /** Closes overdue requests as TIMED_OUT, drops responses whose request never came, forgets old closed markers. */
    private void sweep(long wallClockMillis) {
        Instant now = Instant.ofEpochMilli(wallClockMillis);
        for (PendingDispatch entry : pending.dueBy(now)) {
            if (DispatchBook.overdue(entry, now)) {
                close(entry, Outcomes.timedOut(entry, pending.members(entry.getReqid()), now), now);
                continue;
            }
            if (entry.getRequest() == null) {
                log.warn("dropping {} response(s) for reqid {} on partition {}: no request arrived there within {}"
                        + " (a node must answer on the partition number of the request it read)",
                        pending.members(entry.getReqid()).size(), entry.getReqid(), context.taskId().partition(),
                        settings.earlyResponseGrace());
            }
            pending.delete(entry);
        }
    }

    private void close(PendingDispatch entry, DispatchOutcome outcome, Instant now) {
        Closing.close(context, pending, entry, outcome, now);
    }

    private Instant now() {
        return Instant.ofEpochMilli(context.currentSystemTimeMs());
    }
}
