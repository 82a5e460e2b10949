package io.mgmtbus.history.redrive;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.deadletter.DeadLetter;
import io.mgmtbus.contracts.topics.BusTopics;
import io.mgmtbus.topics.TopicRange;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Re-drives dead letters after a fix (a schema registered, a bug fixed): the original key and value
 * bytes go back to their source topic and partition, with headers naming the dead letter. Every
 * refused record is re-driven once, however many components dead-lettered it (each node and the
 * streams-app refuse a bad request), and never twice: the {@code mgmt.deadletter.redriven} ledger
 * (compacted, keyed by source coordinates) records each re-drive in the re-drive's own transaction
 * and is read first. Dead letters with a null value are not re-driven.
 */
public final class DeadLetterRedrive {

    /** Header on a re-driven record: the dead letter it came from ({@code topic-partition@offset}). */
    public static final String REDRIVEN_FROM = "mgmt.redriven.from";

    /** Which dead letters to re-drive. */
    public record Selection(String reasonContains, String component, Instant since, Instant until) {}

    /** One dead letter chosen for re-driving: its source coordinates and where the dead letter is. */
    public record Candidate(
            String source,
            String sourceTopic,
            int sourcePartition,
            String reason,
            String deadLetter,
            byte[] key,
            byte[] value) {}

    /** What a run found: candidates to re-drive, and how many were skipped as duplicates or re-driven before. */
    public record Plan(List<Candidate> candidates, int duplicates, int redrivenBefore) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final BusConfig config;
    private final BusTopics topics;

    public DeadLetterRedrive(BusConfig config, BusTopics topics) {
        this.config = config;
        this.topics = topics;
    }

    /** Reads the dead letters of the selection (seeking by time) and the ledger, and decides what to re-drive. */
    public Plan plan(Selection selection) {
        Set<String> done = ledger();
        Map<String, Candidate> chosen = new LinkedHashMap<>();
        int duplicates = 0;
        int before = 0;
        Set<String> busTopics = Set.of(
                topics.requests().name(),
                topics.responses().name(),
                topics.outcomes().name(),
                topics.hellos().name());
        for (ConsumerRecord<byte[], byte[]> record : deadLetters(selection)) {
            String sourceTopic = DeadLetter.header(record.headers(), DeadLetter.SOURCE_TOPIC);
            String partition = DeadLetter.header(record.headers(), DeadLetter.SOURCE_PARTITION);
            String offset = DeadLetter.header(record.headers(), DeadLetter.SOURCE_OFFSET);
            String reason = DeadLetter.header(record.headers(), DeadLetter.REASON);
            String component = DeadLetter.header(record.headers(), DeadLetter.COMPONENT);
            // A null value is not a record a fix can save; dead letters of other topics are not ours to re-drive.
            if (record.value() == null
                    || sourceTopic == null
                    || partition == null
                    || offset == null
                    || !busTopics.contains(sourceTopic)) {
                continue;
            }
            if (selection.reasonContains() != null
                    && (reason == null || !reason.contains(selection.reasonContains()))) {
                continue;
            }
            if (selection.component() != null && !selection.component().equals(component)) {
                continue;
            }
            String source = sourceTopic + "-" + partition + "@" + offset;
            if (done.contains(source)) {
                before++;
            } else if (chosen.containsKey(source)) {
                duplicates++;
            } else {
                chosen.put(
                        source,
                        new Candidate(
                                source,
                                sourceTopic,
                                Integer.parseInt(partition),
                                reason,
                                record.topic() + "-" + record.partition() + "@" + record.offset(),
                                record.key(),
                                record.value()));
            }
        }
        return new Plan(new ArrayList<>(chosen.values()), duplicates, before);
    }

    /**
     * Re-produces each candidate to its source topic and partition and records it in the ledger, both
     * in one transaction: a crash never leaves a record re-driven but unrecorded (to be re-driven again).
     */
    public void redrive(List<Candidate> candidates) {
        Map<String, Object> props = config.producerProperties();
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, topics.prefix() + "mgmt-redrive");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            for (Candidate c : candidates) {
                producer.beginTransaction();
                ProducerRecord<byte[], byte[]> again =
                        new ProducerRecord<>(c.sourceTopic(), c.sourcePartition(), c.key(), c.value());
                again.headers().add(REDRIVEN_FROM, c.deadLetter().getBytes(StandardCharsets.UTF_8));
                var sent = producer.send(again).get();
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("redriven_at", Instant.now().toString());
                entry.put("dead_letter", c.deadLetter());
                entry.put("to", sent.topic() + "-" + sent.partition() + "@" + sent.offset());
                producer.send(new ProducerRecord<>(
                        topics.redriven().name(),
                        c.source().getBytes(StandardCharsets.UTF_8),
                        JSON.writeValueAsBytes(entry)));
                producer.commitTransaction();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while re-driving", e);
        } catch (Exception e) {
            throw new IllegalStateException("re-driving failed: " + e.getMessage(), e);
        }
    }

    private Set<String> ledger() {
        Set<String> done = new HashSet<>();
        try (KafkaConsumer<String, String> consumer = consumer(new StringDeserializer(), new StringDeserializer())) {
            TopicRange.readAll(consumer, topics.redriven().name(), null, null).forEach(r -> {
                if (r.value() == null) {
                    done.remove(r.key());
                } else {
                    done.add(r.key());
                }
            });
        }
        return done;
    }

    private List<ConsumerRecord<byte[], byte[]>> deadLetters(Selection selection) {
        try (KafkaConsumer<byte[], byte[]> consumer =
                consumer(new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            return TopicRange.readAll(consumer, topics.deadLetter().name(), selection.since(), selection.until());
        }
    }

    private <K, V> KafkaConsumer<K, V> consumer(
            org.apache.kafka.common.serialization.Deserializer<K> keys,
            org.apache.kafka.common.serialization.Deserializer<V> values) {
        Map<String, Object> props = config.rangeReaderProperties("mgmt-redrive");
        return new KafkaConsumer<>(props, keys, values);
    }
}
