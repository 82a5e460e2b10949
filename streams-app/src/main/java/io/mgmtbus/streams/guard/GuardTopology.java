package io.mgmtbus.streams.guard;

import io.mgmtbus.contracts.records.RecordRules;
import io.mgmtbus.contracts.records.RefusedRecord;
import io.mgmtbus.contracts.topics.BusTopics;
import io.mgmtbus.contracts.topics.Topic;
import java.util.Optional;
import java.util.function.BiFunction;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Dead-letters bad records on the topics no dispatch task reads: hellos (the node table reads
 * them on the global thread, which cannot produce) and outcomes (read by the agent and any
 * client). It runs as its own small Kafka Streams application beside the dispatch topology,
 * because a topic cannot be both a global and a regular source of one topology. Undecodable
 * records reach the deserialization handler; decoded ones that break {@link RecordRules} are
 * thrown as {@link RefusedRecord} to the processing handler; both write the original bytes.
 */
public final class GuardTopology {

    private GuardTopology() {}

    public static Topology build(BusTopics topics) {
        Topology topology = new Topology();
        // Hellos are compacted and few: check them all. Outcomes are a year of audit log: a guard
        // deployed on an old bus starts at their end rather than re-reading the year.
        check(topology, AutoOffsetReset.earliest(), "hellos", topics.hellos(), RecordRules::hello);
        check(topology, AutoOffsetReset.latest(), "outcomes", topics.outcomes(), RecordRules::outcome);
        return topology;
    }

    private static <V> void check(
            Topology topology,
            AutoOffsetReset start,
            String name,
            Topic<String, V> topic,
            BiFunction<String, V, Optional<String>> rule) {
        topology.addSource(
                start,
                name + "-source",
                topic.keySerde().deserializer(),
                topic.valueSerde().deserializer(),
                topic.name());
        topology.addProcessor(
                name + "-check",
                () -> (Processor<String, V, Void, Void>)
                        (Record<String, V> record) -> RefusedRecord.unless(rule.apply(record.key(), record.value())),
                name + "-source");
    }
}
