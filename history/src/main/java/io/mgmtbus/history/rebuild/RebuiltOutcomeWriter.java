package io.mgmtbus.history.rebuild;

import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.topics.BusTopics;
import io.mgmtbus.contracts.topics.TopicProvisioner;
import io.mgmtbus.contracts.topics.TopicSpec;
import io.mgmtbus.events.DispatchOutcome;
import io.mgmtbus.schemas.registry.SchemaRegistryException;
import io.mgmtbus.schemas.wire.WireFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Puts rebuilt outcomes on a topic of their own, never on the bus's outcome topic: created like
 * the outcome topic when missing, its value schema registered under {@code <topic>-value}, each
 * outcome on its request's partition number, all in one transaction (a failed write leaves none
 * of them visible).
 */
public final class RebuiltOutcomeWriter {

    private final BusConfig config;
    private final BusTopics topics;
    private final String topic;

    /** Refuses a topic of the bus at once, before anything is rebuilt. */
    public RebuiltOutcomeWriter(BusConfig config, BusTopics topics, String topic) {
        if (topics.specs().stream().anyMatch(spec -> spec.name().equals(topic))) {
            throw new IllegalArgumentException(topic
                    + " is a topic of the bus: rebuilt outcomes go to a separate topic, never over the originals");
        }
        this.config = config;
        this.topics = topics;
        this.topic = topic;
    }

    public void write(List<OutcomeRebuild.Rebuilt> rebuilt) {
        TopicSpec outcomes = topics.specs().stream()
                .filter(spec -> spec.name().equals(topics.outcomes().name()))
                .findFirst()
                .orElseThrow();
        try (Admin admin = Admin.create(config.clientProperties())) {
            new TopicProvisioner(admin)
                    .ensure(List.of(new TopicSpec(topic, outcomes.partitions(), outcomes.configs())));
        }
        try {
            config.schemaRegistry().register(WireFormat.subject(topic, false), DispatchOutcome.getClassSchema());
        } catch (SchemaRegistryException e) {
            throw new IllegalStateException(
                    "cannot register the outcome schema for " + topic + ": " + e.getMessage(), e);
        }
        Map<String, Object> props = config.producerProperties();
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "mgmt-rebuild-outcomes-" + UUID.randomUUID());
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            try {
                for (OutcomeRebuild.Rebuilt r : rebuilt) {
                    if (r.rebuilt() != null) {
                        producer.send(new ProducerRecord<>(
                                topic,
                                r.partition(),
                                r.rebuilt().getClosedAt().toEpochMilli(),
                                r.reqid(),
                                r.rebuiltBytes()));
                    }
                }
                producer.commitTransaction();
            } catch (KafkaException e) {
                producer.abortTransaction();
                throw e;
            }
        }
    }
}
