package io.mgmtbus.registry;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The elected writer's producer. Every instance uses the same transactional id, so opening one
 * fences whichever instance wrote before: a writer that lost the election but has not noticed yet
 * (a long pause, a network split) cannot commit another record, and ids it picked meanwhile are
 * never seen by anyone reading the log read_committed.
 */
final class LogWriter implements AutoCloseable {

    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(15);

    private final String topic;
    private final KafkaProducer<byte[], byte[]> producer;

    /** Blocks until every earlier writer's open transaction is aborted and this one may write. */
    LogWriter(Map<String, Object> kafkaClient, String topic, String transactionalId) {
        this.topic = topic;
        Map<String, Object> config = new HashMap<>(kafkaClient);
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // A writer that died inside a transaction holds back every read_committed reader until this expires
        // (or the next writer opens): keep it short, registrations are single small transactions.
        config.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 15_000);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        this.producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        try {
            producer.initTransactions();
        } catch (RuntimeException e) {
            producer.close(Duration.ZERO);
            throw e;
        }
    }

    /**
     * Writes {@code records} in one transaction and returns the offset of the last.
     *
     * @throws Deposed when another instance has opened the writer since (nothing was written)
     */
    synchronized long append(List<LogRecord> records) {
        try {
            producer.beginTransaction();
            Future<RecordMetadata> last = null;
            for (LogRecord record : records) {
                last = producer.send(new ProducerRecord<>(topic, 0, record.key(), record.value()));
            }
            producer.commitTransaction();
            return last.get(WRITE_TIMEOUT.toSeconds(), TimeUnit.SECONDS).offset();
        } catch (ProducerFencedException | InvalidProducerEpochException e) {
            throw new Deposed(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abort();
            throw new IllegalStateException("interrupted while writing to " + topic, e);
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            if (cause instanceof ProducerFencedException || cause instanceof InvalidProducerEpochException) {
                throw new Deposed(cause);
            }
            abort();
            throw new IllegalStateException("cannot write to " + topic + ": " + cause.getMessage(), cause);
        }
    }

    private void abort() {
        try {
            producer.abortTransaction();
        } catch (RuntimeException ignored) {
            // the transaction is dead either way; the next writer's initTransactions aborts it for good
        }
    }

    /** Waits for a write in progress to end first: closing under a commit would leave it hanging until it times out. */
    @Override
    public synchronized void close() {
        producer.close(Duration.ofSeconds(5));
    }

    /** Another instance became the writer: this one must not write any more. */
    static final class Deposed extends RuntimeException {
        Deposed(Throwable cause) {
            super("another registry instance has become the writer", cause);
        }
    }
}
