package io.mgmtbus.streams.hello;

import io.mgmtbus.contracts.records.RecordRules;
import io.mgmtbus.events.NodeHello;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the node table (a global store: every task sees every node) from the hello topic: a
 * hello or heartbeat puts the node, a tombstone removes it. A record that does not decode or
 * breaks the hello rules is skipped (it runs on the global thread, which cannot dead-letter; the
 * guard topology does that), so a bad hello can neither stop the app nor corrupt the table.
 */
public final class NodeTableUpdater implements Processor<String, HelloReading, Void, Void> {

    public static final String STORE = "node-table";
    /** The processor's name in the topology. */
    public static final String PROCESSOR = "node-table-updater";

    private static final Logger log = LoggerFactory.getLogger(NodeTableUpdater.class);

    private ProcessorContext<Void, Void> context;
    private KeyValueStore<String, NodeHello> nodes;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        this.nodes = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<String, HelloReading> record) {
        HelloReading reading = record.value();
        NodeHello hello = reading == null ? null : reading.hello();
        Optional<String> problem = reading != null && reading.problem() != null
                ? Optional.of(reading.problem())
                : RecordRules.hello(record.key(), hello);
        if (problem.isPresent()) {
            skip(problem.get());
        } else if (hello == null) {
            nodes.delete(record.key());
        } else {
            nodes.put(record.key(), hello);
        }
    }

    private void skip(String problem) {
        context.recordMetadata()
                .ifPresentOrElse(
                        m -> log.warn("node table skips {}-{}@{}: {}", m.topic(), m.partition(), m.offset(), problem),
                        () -> log.warn("node table skips a hello: {}", problem));
    }
}
