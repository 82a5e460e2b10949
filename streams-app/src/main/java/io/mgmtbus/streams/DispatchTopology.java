package io.mgmtbus.streams;

import io.mgmtbus.contracts.topics.BusTopics;
import io.mgmtbus.contracts.topics.Topic;
import io.mgmtbus.events.NodeDispatchRequest;
import io.mgmtbus.events.NodeDispatchResponse;
import io.mgmtbus.schemas.registry.SchemaRegistryClient;
import io.mgmtbus.streams.dispatch.CancelProcessor;
import io.mgmtbus.streams.dispatch.RequestProcessor;
import io.mgmtbus.streams.dispatch.ResponseProcessor;
import io.mgmtbus.streams.hello.HelloReading;
import io.mgmtbus.streams.hello.NodeTableUpdater;
import io.mgmtbus.streams.outcome.Routed;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The streams-app's topology:
 *
 * <pre>
 *   mgmt.node.hellos ──► node-table (global store: every task sees every node; bad hellos skipped)
 *                                     │ known nodes
 *   mgmt.dispatch.requests ──► requests ──┬──► pending-dispatches (+ rosters, answers, due index) ◄── responses ◄── mgmt.dispatch.responses
 *          ▲                       │      │                                   ▲
 *          │                       │      │                                   └── cancels ◄── mgmt.dispatch.cancels
 *          │                       │      └──► mgmt.dispatch.outcomes (from all three)
 *          └── rollout waves (nodes to start now) ◄── requests, responses
 *                                  ├──► mgmt.index.requests (where each request is: written when it opens and closes)
 *                                  └──► mgmt.deadletter (undecodable or invalid requests and responses, original bytes)
 * </pre>
 *
 * Pairing needs no repartition topic: a node answers on the partition number of the request it
 * read, and the outcome goes to that partition number too, so one task sees a request, its
 * answers and its outcome whichever partitioner the requester used.
 */
public final class DispatchTopology {

    private DispatchTopology() {}

    /**
     * @param stateRegistry where the schemas of the app's own state records (its changelogs) are
     *     registered
     */
    public static Topology build(BusTopics topics, SchemaRegistryClient stateRegistry, DispatchSettings settings) {
        Topic<String, NodeDispatchRequest> requests = topics.requests();
        Topic<String, NodeDispatchResponse> responses = topics.responses();
        Topology topology = new Topology();
        topology.addGlobalStore(
                Stores.keyValueStoreBuilder(
                                Stores.persistentKeyValueStore(NodeTableUpdater.STORE),
                                Serdes.String(),
                                topics.hellos().valueSerde())
                        .withLoggingDisabled(), // restored from the compacted hello topic itself
                "hellos",
                topics.hellos().keySerde().deserializer(),
                HelloReading.lenient(topics.hellos().valueSerde().deserializer()),
                topics.hellos().name(),
                NodeTableUpdater.PROCESSOR,
                NodeTableUpdater::new);
        topology.addSource(
                "requests-source",
                requests.keySerde().deserializer(),
                requests.valueSerde().deserializer(),
                requests.name());
        topology.addSource(
                "responses-source",
                responses.keySerde().deserializer(),
                responses.valueSerde().deserializer(),
                responses.name());
        topology.addSource(
                "cancels-source",
                topics.cancels().keySerde().deserializer(),
                topics.cancels().valueSerde().deserializer(),
                topics.cancels().name());
        topology.addProcessor("requests", () -> new RequestProcessor(settings), "requests-source");
        topology.addProcessor("responses", () -> new ResponseProcessor(settings), "responses-source");
        topology.addProcessor("cancels", () -> new CancelProcessor(settings), "cancels-source");
        for (StoreBuilder<?> store : RequestProcessor.stores(stateRegistry)) {
            topology.addStateStore(store, "requests", "responses", "cancels");
        }
        topology.addSink(
                Routed.OUTCOMES_SINK,
                topics.outcomes().name(),
                Serdes.String().serializer(),
                Routed.outcomeSerializer(topics.outcomes().valueSerde().serializer()),
                Routed.outcomePartitioner(),
                "requests",
                "responses",
                "cancels");
        topology.addSink(
                Routed.WAVES_SINK,
                requests.name(),
                Serdes.String().serializer(),
                Routed.waveSerializer(requests.valueSerde().serializer()),
                Routed.wavePartitioner(),
                "requests",
                "responses");
        topology.addSink(
                Routed.INDEX_SINK,
                topics.requestIndex().name(),
                topics.requestIndex().keySerde().serializer(),
                Routed.locationSerializer(topics.requestIndex().valueSerde().serializer()),
                Routed.indexPartitioner(),
                "requests",
                "responses",
                "cancels");
        return topology;
    }
}
