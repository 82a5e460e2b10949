package io.mgmtbus.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Three real brokers: topics get three replicas, a killed leader's records survive, and it comes back. */
@Tag("slow")
class EmbeddedKafkaClusterTest {

    @Test
    void aKilledLeaderLosesNothingAcknowledgedAndRejoins() throws Exception {
        try (EmbeddedKafkaCluster cluster =
                        EmbeddedKafkaCluster.builder().brokers(3).start();
                Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            assertThat(admin.describeCluster().nodes().get()).hasSize(3);
            // The broker's defaults give new topics the cluster's replication.
            admin.createTopics(List.of(new NewTopic("replicated", Optional.of(1), Optional.empty())))
                    .all()
                    .get();
            TopicDescription topic = describe(admin);
            assertThat(topic.partitions().get(0).replicas()).hasSize(3);

            Map<String, Object> producerProps = Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    cluster.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG,
                    "all",
                    ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                    60_000);
            try (KafkaProducer<String, String> producer =
                    new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("replicated", "before")).get();
                int leader = topic.partitions().get(0).leader().id();
                cluster.kill(leader);
                assertThat(cluster.node(leader)).isNull();
                producer.send(new ProducerRecord<>("replicated", "during")).get(60, TimeUnit.SECONDS);
                cluster.restart(leader);
                producer.send(new ProducerRecord<>("replicated", "after")).get();
                awaitFullIsr(admin);
            }
            assertThat(readAll(cluster.bootstrapServers())).containsExactly("before", "during", "after");
        }
    }

    private static TopicDescription describe(Admin admin) throws Exception {
        return admin.describeTopics(List.of("replicated")).allTopicNames().get().get("replicated");
    }

    private static void awaitFullIsr(Admin admin) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (describe(admin).partitions().get(0).isr().size() < 3) {
            assertThat(System.nanoTime()).as("restarted broker back in sync").isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private static List<String> readAll(String bootstrap) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new StringDeserializer(),
                new StringDeserializer())) {
            TopicPartition partition = new TopicPartition("replicated", 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            List<String> values = new java.util.ArrayList<>();
            Set<Long> seen = new HashSet<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.size() < 3 && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    if (seen.add(r.offset())) {
                        values.add(r.value());
                    }
                });
            }
            return values;
        }
    }
}
