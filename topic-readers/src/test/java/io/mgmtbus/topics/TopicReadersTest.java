package io.mgmtbus.topics;

import static org.assertj.core.api.Assertions.assertThat;

import io.mgmtbus.embedded.EmbeddedKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Both readers against a real broker: where they start, when they are caught up, what they re-read. */
class TopicReadersTest {

    private static EmbeddedKafka kafka;
    private static int topics;

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafka.builder().port(0).start();
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    @Test
    void aTailFromTheBeginningIsCaughtUpAfterWhatWasThereThenSeesWhatComesLive() throws Exception {
        String topic = topic(3);
        produce(topic, "old-", 30, null);
        List<String> seen = new CopyOnWriteArrayList<>();
        Set<String> live = ConcurrentHashMap.newKeySet();
        Map<TopicPartition, Long> lastPositions = new ConcurrentHashMap<>();
        AtomicReference<String> stopped = new AtomicReference<>("not yet");
        TopicTail tail = TopicTail.follow(
                "test-tail",
                consumer(),
                Map.of(topic, TopicTail.Start.BEGINNING),
                (record, isLive) -> {
                    String value = new String(record.value(), StandardCharsets.UTF_8);
                    seen.add(value);
                    if (isLive) {
                        live.add(value);
                    }
                    return true;
                },
                new TopicTail.Progress() {
                    @Override
                    public void readUpTo(Map<TopicPartition, Long> positions) {
                        lastPositions.putAll(positions);
                    }

                    @Override
                    public void stopped(String failure) {
                        stopped.set(failure);
                    }
                });
        assertThat(tail.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
        assertThat(seen).hasSize(30).allMatch(v -> v.startsWith("old-"));

        produce(topic, "new-", 5, null);
        Awaitility.await().atMost(30, TimeUnit.SECONDS).until(() -> seen.size() == 35);
        assertThat(live).containsExactlyInAnyOrder("new-0", "new-1", "new-2", "new-3", "new-4");
        Awaitility.await()
                .atMost(10, TimeUnit.SECONDS)
                .until(() -> lastPositions.values().stream()
                                .mapToLong(Long::longValue)
                                .sum()
                        == 35);

        tail.close();
        assertThat(stopped.get()).as("a closed tail stops without a failure").isNull();
        assertThat(tail.failure()).isNull();
    }

    @Test
    void aTailFromTheEndSkipsHistoryAndARecordNotTakenIsReadAgain() throws Exception {
        String topic = topic(2);
        produce(topic, "history-", 10, null);
        List<String> seen = new CopyOnWriteArrayList<>();
        AtomicInteger refusals = new AtomicInteger();
        try (TopicTail tail =
                TopicTail.follow("test-tail-end", consumer(), Map.of(topic, TopicTail.Start.END), (record, isLive) -> {
                    String value = new String(record.value(), StandardCharsets.UTF_8);
                    if (value.equals("fresh-1") && refusals.getAndIncrement() == 0) {
                        return false; // as when the registry cannot be asked: the same record comes again
                    }
                    seen.add(value);
                    return true;
                })) {
            assertThat(tail.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
            produce(topic, "fresh-", 3, 0);
            Awaitility.await().atMost(30, TimeUnit.SECONDS).until(() -> seen.size() == 3);
            assertThat(seen).containsExactly("fresh-0", "fresh-1", "fresh-2");
            assertThat(refusals.get()).isEqualTo(2);
        }
    }

    @Test
    void aRangeReadsEveryPartitionBetweenTwoInstantsAndNothingElse() throws Exception {
        String topic = topic(3);
        produce(topic, "before-", 9, null);
        Thread.sleep(50);
        Instant since = Instant.now();
        produce(topic, "inside-", 12, null);
        Thread.sleep(50);
        Instant until = Instant.now();
        produce(topic, "after-", 6, null);
        List<String> read = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            TopicRange.read(
                    consumer,
                    topic,
                    since,
                    until,
                    ReadProgress.NONE,
                    record -> read.add(new String(record.value(), StandardCharsets.UTF_8)));
        }
        assertThat(read).hasSize(12).allMatch(v -> v.startsWith("inside-"));
    }

    @Test
    void nothingToReadReadsNothingAndReturns() {
        List<Object> read = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            TopicRange.read(consumer, Map.of(), Map.of(), ReadProgress.NONE, read::add);
        }
        assertThat(read).isEmpty();
    }

    private static String topic(int partitions) throws Exception {
        String name = "readers-" + (++topics);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
        return name;
    }

    private static void produce(String topic, String prefix, int count, Integer partition) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", kafka.bootstrapServers()),
                new StringSerializer(),
                new StringSerializer())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, partition, prefix + i, prefix + i))
                        .get();
            }
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer() {
        return new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        kafka.bootstrapServers(),
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }
}
