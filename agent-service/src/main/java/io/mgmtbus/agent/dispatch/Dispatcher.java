package io.mgmtbus.agent.dispatch;

import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.topics.BusTopics;
import io.mgmtbus.contracts.topics.Topic;
import io.mgmtbus.events.NodeDispatchRequest;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;

/** Turns a validated {@link DispatchRequest} into a {@link NodeDispatchRequest} on the request topic. */
public final class Dispatcher implements AutoCloseable {

    private final Topic<String, NodeDispatchRequest> requests;
    private final KafkaProducer<String, NodeDispatchRequest> producer;
    private final String requester;

    public Dispatcher(BusConfig config, BusTopics topics, String requester) {
        this.requests = topics.requests();
        this.requester = requester;
        this.producer = new KafkaProducer<>(
                operatorProducer(config, requester),
                requests.keySerde().serializer(),
                requests.valueSerde().serializer());
    }

    /** Producer settings of an operator's one-at-a-time writes (requests, cancels). */
    static Map<String, Object> operatorProducer(BusConfig config, String requester) {
        Map<String, Object> props = config.producerProperties();
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "mgmt-" + requester);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        // Kafka 4 producers wait 5 ms to fill a batch; an operator waits on each request.
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return props;
    }

    /** Produces the request (waiting for the broker's ack) and returns it. */
    public NodeDispatchRequest dispatch(DispatchRequest request) {
        Instant now = Instant.now();
        NodeDispatchRequest event = NodeDispatchRequest.newBuilder()
                .setReqid(UUID.randomUUID().toString())
                .setAction(request.action())
                .setNodes(request.nodes())
                .setIssuedAt(now)
                .setDeadline(now.plus(request.timeout()))
                .setRequester(requester)
                .setSelector(request.selector())
                .setRollout(request.rollout())
                .build();
        try {
            producer.send(requests.record(event.getReqid(), event)).get(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while dispatching", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "cannot produce the request to " + requests.name() + ": "
                            + (e.getCause() != null ? e.getCause().getMessage() : e.toString()),
                    e);
        }
        return event;
    }

    @Override
    public void close() {
        producer.close();
    }
}
