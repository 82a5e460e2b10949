package io.mgmtbus.streams;

import io.mgmtbus.contracts.topics.BusTopics;
import io.mgmtbus.contracts.topics.Topic;
import io.mgmtbus.events.DispatchMember;
import io.mgmtbus.events.DispatchOutcome;
import io.mgmtbus.events.NodeDispatchRequest;
import io.mgmtbus.events.PendingDispatch;
import io.mgmtbus.streams.dispatch.PendingDispatches;
import io.mgmtbus.streams.dispatch.RequestProcessor;
import io.mgmtbus.streams.dispatch.ResponseProcessor;
import io.mgmtbus.streams.hello.NodeTableUpdater;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The streams-app's topology:
 *
 * <pre>
 *   mgmt.node.hellos ──► node-table (global store: every task sees every node)
 *                                     │ known nodes
 *   mgmt.dispatch.requests ──► requests ──┬──► pending-dispatches (+ members, due index) ◄── responses ◄── mgmt.dispatch.responses
 *                                  │      └──► mgmt.dispatch.outcomes ◄───────────────────┘
 *                                  └──► mgmt.deadletter (requests without reqid)
 * </pre>
 *
 * Requests and responses are co-partitioned by reqid, so both processors of one reqid run in
 * the same task against the same store: no repartition topic.
 */
public final class DispatchTopology {

    private DispatchTopology() {}

    public static Topology build(BusTopics topics, Serde<PendingDispatch> pendingSerde, Serde<DispatchMember> memberSerde,
                                 DispatchSettings settings) {
        Topic<String, NodeDispatchRequest> requests = topics.requests();
        Topology topology = new Topology();
        topology.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(NodeTableUpdater.STORE), Serdes.String(),
                        topics.hellos().valueSerde()).withLoggingDisabled(), // restored from the compacted hello topic itself
                "hellos", topics.hellos().keySerde().deserializer(), topics.hellos().valueSerde().deserializer(),
                topics.hellos().name(), "node-table-updater", NodeTableUpdater::new);
        topology.addSource("requests-source", requests.keySerde().deserializer(), requests.valueSerde().deserializer(), requests.name());
        topology.addSource("responses-source", topics.responses().keySerde().deserializer(),
                topics.responses().valueSerde().deserializer(), topics.responses().name());
        topology.addProcessor("requests", () -> new RequestProcessor(settings), "requests-source");
        topology.addProcessor("responses", () -> new ResponseProcessor(settings), "responses-source");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PendingDispatches.STORE), Serdes.String(), pendingSerde),
                "requests", "responses");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PendingDispatches.DUE_INDEX), Serdes.String(),
                Serdes.String()), "requests", "responses");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PendingDispatches.MEMBERS), Serdes.String(),
                memberSerde), "requests", "responses");
        topology.addSink(RequestProcessor.OUTCOMES_SINK, topics.outcomes().name(), Serdes.String().serializer(),
                as(topics.outcomes().valueSerde().serializer(), DispatchOutcome.class), "requests", "responses");
        // A dead-lettered request is written with the request topic's own subject, as it was produced.
        Serializer<NodeDispatchRequest> requestBytes = requests.valueSerde().serializer();
        topology.addSink(RequestProcessor.DEAD_LETTER_SINK, topics.deadLetter().name(), Serdes.String().serializer(),
                (topic, value) -> requestBytes.serialize(requests.name(), (NodeDispatchRequest) value), "requests");
        return topology;
    }

    private static <T> Serializer<Object> as(Serializer<T> serializer, Class<T> type) {
        return (topic, value) -> serializer.serialize(topic, type.cast(value));
    }
}
