package io.mgmtbus.streams.hello;

import io.mgmtbus.events.NodeHello;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the node table (a global store: every task sees every node) from the hello topic: a
 * hello or heartbeat puts the node, a tombstone removes it.
 */
public final class NodeTableUpdater implements Processor<String, NodeHello, Void, Void> {

    public static final String STORE = "node-table";

    private KeyValueStore<String, NodeHello> nodes;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        nodes = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<String, NodeHello> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            nodes.delete(record.key());
        } else {
            nodes.put(record.key(), record.value());
        }
    }
}
