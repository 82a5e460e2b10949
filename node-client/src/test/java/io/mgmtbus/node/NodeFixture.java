package io.mgmtbus.node;

import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.topics.BusTopics;
import io.mgmtbus.events.NodeDispatchRequest;
import io.mgmtbus.events.NodeDispatchResponse;
import io.mgmtbus.testkit.TestBus;
import io.mgmtbus.testkit.TopicRecorder;
import io.mgmtbus.testkit.TopicWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** A fresh bus per test, with helpers to issue requests and read the committed responses. */
class NodeFixture implements AutoCloseable {

    final BusConfig bus = TestBus.shared().newBus();
    final BusTopics topics = new BusTopics(bus);
    private final List<AutoCloseable> open = new ArrayList<>();
    private final TopicWriter<String, NodeDispatchRequest> requests = track(new TopicWriter<>(bus, topics.requests()));
    private final TopicRecorder<String, NodeDispatchResponse> responses =
            track(new TopicRecorder<>(bus, topics.responses()));

    <T extends AutoCloseable> T track(T closeable) {
        open.add(closeable);
        return closeable;
    }

    ManagedNode node(String name) {
        return track(nodeBuilder(name).start());
    }

    ManagedNode.Builder nodeBuilder(String name) {
        return ManagedNode.builder(bus, name).instance("test-host").heartbeat(Duration.ofSeconds(1));
    }

    /** Issues a request; returns its reqid. */
    String dispatch(List<String> nodes, String... action) {
        String reqid = UUID.randomUUID().toString();
        send(NodeDispatchRequest.newBuilder()
                .setReqid(reqid)
                .setAction(List.of(action))
                .setNodes(nodes)
                .setIssuedAt(Instant.now())
                .setDeadline(Instant.now().plusSeconds(30))
                .build());
        return reqid;
    }

    void send(NodeDispatchRequest request) {
        requests.send(request.getReqid(), request);
    }

    /** Committed responses to {@code reqid}, once at least {@code count} arrived (or 30 s passed). */
    List<NodeDispatchResponse> responses(String reqid, int count) {
        return responses.until(seen -> forReqid(seen, reqid).size() >= count, Duration.ofSeconds(30)).stream()
                .filter(r -> r.key().equals(reqid))
                .map(ConsumerRecord::value)
                .toList();
    }

    /** Committed responses to {@code reqid} seen while polling for the whole window. */
    List<NodeDispatchResponse> responsesDuring(String reqid, Duration window) {
        return forReqid(responses.during(window), reqid);
    }

    private static List<NodeDispatchResponse> forReqid(
            List<ConsumerRecord<String, NodeDispatchResponse>> records, String reqid) {
        return records.stream()
                .filter(r -> r.key().equals(reqid))
                .map(ConsumerRecord::value)
                .toList();
    }

    @Override
    public void close() {
        for (int i = open.size() - 1; i >= 0; i--) {
            try {
                open.get(i).close();
            } catch (Exception ignored) {
                // best effort: the next test uses a fresh bus anyway
            }
        }
    }
}
