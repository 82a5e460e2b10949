package io.mgmtbus.agent.dispatch;

import io.mgmtbus.agent.view.RequestStatus;
import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.topics.BusTopics;
import io.mgmtbus.contracts.topics.Topic;
import io.mgmtbus.events.DispatchCancel;
import io.mgmtbus.events.DispatchOutcome;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes the cancel of an open request to the cancel topic, on the request's partition number
 * (where the streams-app task holding the request reads it). Refuses what cannot be cancelled: a
 * request nobody has seen, or one that has closed already.
 */
public final class Canceller implements AutoCloseable {

    /** What became of a cancel. */
    public sealed interface Decision {
        /** The cancel is on the bus; the outcome follows from the streams-app. */
        record Sent(DispatchCancel cancel) implements Decision {}

        /** No such request is known. */
        record NoSuchRequest(String reqid) implements Decision {}

        /** The request closed before: nothing left to stop. */
        record AlreadyClosed(DispatchOutcome outcome) implements Decision {
            public String message() {
                return "request " + outcome.getReqid() + " is already closed ("
                        + outcome.getState().name().toLowerCase() + " at " + outcome.getClosedAt()
                        + "): there is nothing left to cancel";
            }
        }
    }

    private final Topic<String, DispatchCancel> cancels;
    private final KafkaProducer<String, DispatchCancel> producer;
    private final String requester;

    public Canceller(BusConfig config, BusTopics topics, String requester) {
        this.cancels = topics.cancels();
        this.requester = requester;
        this.producer = new KafkaProducer<>(
                Dispatcher.operatorProducer(config, requester),
                cancels.keySerde().serializer(),
                cancels.valueSerde().serializer());
    }

    /**
     * Cancels the request {@code found} describes ({@code reqid}'s lookup, empty when unknown).
     *
     * @param reason the operator's words for the audit, or null
     */
    public Decision cancel(String reqid, Optional<RequestStatus> found, String reason) {
        if (found.isPresent() && found.get().outcome() != null) {
            return new Decision.AlreadyClosed(found.get().outcome());
        }
        if (found.isEmpty() || found.get().request() == null || found.get().partition() < 0) {
            return new Decision.NoSuchRequest(reqid);
        }
        DispatchCancel cancel = DispatchCancel.newBuilder()
                .setReqid(reqid)
                .setRequestedAt(Instant.now())
                .setRequester(requester)
                .setReason(reason)
                .build();
        try {
            producer.send(new ProducerRecord<>(cancels.name(), found.get().partition(), reqid, cancel))
                    .get(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while cancelling", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "cannot produce the cancel to " + cancels.name() + ": "
                            + (e.getCause() != null ? e.getCause().getMessage() : e.toString()),
                    e);
        }
        return new Decision.Sent(cancel);
    }

    @Override
    public void close() {
        producer.close();
    }
}
