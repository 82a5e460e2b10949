package io.mgmtbus.streams.dispatch;

import io.mgmtbus.contracts.records.RecordRules;
import io.mgmtbus.contracts.records.RefusedRecord;
import io.mgmtbus.contracts.targeting.Targeting;
import io.mgmtbus.events.NodeDispatchRequest;
import io.mgmtbus.events.NodeHello;
import io.mgmtbus.schemas.registry.SchemaRegistryClient;
import io.mgmtbus.streams.DispatchSettings;
import io.mgmtbus.streams.hello.NodeTableUpdater;
import io.mgmtbus.streams.outcome.Routed;
import io.mgmtbus.streams.state.StateSerdes;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Opens each request against the node table (the {@link RequestTable} answers at once when
 * nothing is left to wait for; it also closes overdue requests as TIMED_OUT and forgets stale
 * entries when they come due). A request that breaks the record rules is
 * refused (the processing handler dead-letters its original bytes).
 */
public final class RequestProcessor implements Processor<String, NodeDispatchRequest, String, Routed> {

    private final DispatchSettings settings;
    private ProcessorContext<String, Routed> context;
    private RequestTable table;
    private KeyValueStore<String, NodeHello> nodes;

    public RequestProcessor(DispatchSettings settings) {
        this.settings = settings;
    }

    /**
     * The stores the request table keeps (RocksDB, with changelogs), for the topology to add to all
     * three processors. Cached: an entry rewritten by each of a broadcast's thousands of answers
     * reaches RocksDB and its changelog once per commit, not once per answer.
     */
    public static List<StoreBuilder<?>> stores(SchemaRegistryClient stateRegistry) {
        return List.of(
                cached(PendingDispatches.STORE, StateSerdes.pending(stateRegistry)),
                cached(PendingDispatches.DUE_INDEX, Serdes.String()),
                cached(PendingDispatches.MEMBERS, StateSerdes.members(stateRegistry)),
                cached(Rosters.STORE, StateSerdes.rosters(stateRegistry)));
    }

    private static <V> StoreBuilder<?> cached(String name, Serde<V> values) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), values)
                .withCachingEnabled();
    }

    @Override
    public void init(ProcessorContext<String, Routed> context) {
        this.context = context;
        this.table = RequestTable.of(context, settings);
        this.nodes = context.getStateStore(NodeTableUpdater.STORE);
    }

    @Override
    public void process(Record<String, NodeDispatchRequest> record) {
        NodeDispatchRequest request = record.value();
        RefusedRecord.unless(RecordRules.request(record.key(), request));
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        RecordMetadata source = context.recordMetadata().orElseThrow();
        if (Targeting.isWave(request)) {
            table.confirmWave(request); // written by this app for a rollout it tracks, or refused
            return;
        }
        table.open(request, Targets.of(request, nodes, now), now, source, Instant.ofEpochMilli(record.timestamp()));
    }

    @Override
    public void close() {
        if (table != null) {
            table.close();
        }
    }
}
