package io.mgmtbus.system.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.mgmtbus.contracts.topics.BusTopics;
import io.mgmtbus.events.DispatchOutcome;
import io.mgmtbus.events.NodeDispatchRequest;
import io.mgmtbus.system.ForeignPartitioners.Crc32Partitioner;
import io.mgmtbus.system.ForeignPartitioners.RandomPartitioner;
import io.mgmtbus.system.LiveBus;
import io.mgmtbus.system.LiveBusPerClass;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Requests produced with any partitioner, or to any explicit partition, get exactly one correct
 * outcome, on the partition number of their request. Java's murmur2 is only one of the ways a
 * client places a reqid: librdkafka hashes with CRC32, others pick at random or by hand.
 */
class AnyPartitionerTest {

    @RegisterExtension
    static final LiveBusPerClass live = new LiveBusPerClass();

    @Test
    void javasDefaultMurmur2Partitioner() {
        everyRequestCompletesOnItsOwnPartition("murmur2", null, false);
    }

    @Test
    void librdkafkasCrc32Partitioner() {
        List<Placed> placed = everyRequestCompletesOnItsOwnPartition("crc32", Crc32Partitioner.class, false);
        assertThat(placed)
                .as("some request off its murmur2 partition, or the test proves nothing")
                .anyMatch(p -> p.partition() != LiveBus.murmur2Partition(p.reqid()));
    }

    @Test
    void aRandomPartitioner() {
        List<Placed> placed = everyRequestCompletesOnItsOwnPartition("random", RandomPartitioner.class, false);
        assertThat(placed).anyMatch(p -> p.partition() != LiveBus.murmur2Partition(p.reqid()));
    }

    @Test
    void explicitPartitionsEveryOneOfThem() {
        List<Placed> placed = everyRequestCompletesOnItsOwnPartition("explicit", null, true);
        assertThat(placed.stream().map(Placed::partition).distinct()).hasSize(BusTopics.DISPATCH_PARTITIONS);
    }

    private record Placed(String reqid, int partition) {}

    private List<Placed> everyRequestCompletesOnItsOwnPartition(
            String how, Class<? extends Partitioner> partitioner, boolean explicit) {
        Map<String, Object> props = live.bus().config.clientProperties();
        if (partitioner != null) {
            props.put(ProducerConfig.PARTITIONER_CLASS_CONFIG, partitioner);
        }
        List<Placed> placed = new ArrayList<>();
        try (KafkaProducer<String, NodeDispatchRequest> producer = new KafkaProducer<>(
                props,
                live.bus().topics.requests().keySerde().serializer(),
                live.bus().topics.requests().valueSerde().serializer())) {
            for (int i = 0; i < 2 * BusTopics.DISPATCH_PARTITIONS; i++) {
                String reqid = LiveBus.KINDS.get(i % LiveBus.KINDS.size()) + how + "-" + i;
                Integer partition = explicit ? i % BusTopics.DISPATCH_PARTITIONS : null;
                var sent = producer.send(new ProducerRecord<>(
                        live.bus().topics.requests().name(), partition, reqid, LiveBus.requestOfKind(reqid)));
                placed.add(new Placed(reqid, get(sent).partition()));
            }
        }
        Map<String, Integer> requestPartition = new HashMap<>();
        placed.forEach(p -> requestPartition.put(p.reqid(), p.partition()));
        Map<String, ConsumerRecord<String, DispatchOutcome>> outcomes =
                live.bus().exactlyOneOutcomeEach(requestPartition.keySet(), Duration.ofSeconds(60));
        outcomes.forEach((reqid, record) -> {
            LiveBus.assertCorrect(reqid, record.value());
            assertThat(record.partition())
                    .as("outcome of %s is on its request's partition", reqid)
                    .isEqualTo(requestPartition.get(reqid));
        });
        return placed;
    }

    private static <T> T get(Future<T> future) {
        try {
            return future.get();
        } catch (Exception e) {
            throw new AssertionError("produce failed", e);
        }
    }
}
