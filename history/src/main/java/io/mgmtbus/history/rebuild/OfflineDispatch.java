package io.mgmtbus.history.rebuild;

import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.topics.BusTopics;
import io.mgmtbus.schemas.registry.InMemorySchemaRegistryClient;
import io.mgmtbus.schemas.registry.SchemaRegistryClient;
import io.mgmtbus.streams.DispatchSettings;
import io.mgmtbus.streams.DispatchTopology;
import io.mgmtbus.streams.StreamsApp;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The streams-app's dispatch topology run offline over recorded events, in event time: the clock
 * the bookkeeping reads (node liveness, deadlines, the timeout sweep) is set to each record's
 * timestamp before the record is processed. A live Kafka Streams instance cannot do this: it
 * would judge last month's requests by today's clock, and every node would look dead. Kafka's own
 * {@link TopologyTestDriver} runs a topology synchronously with such a clock, so the very code
 * the streams-app runs decides here too. Outcomes come out as the bytes the streams-app would
 * have written (the event schemas resolve in the bus's registry); the state schemas stay in a
 * private in-memory registry, so nothing is registered for the offline run.
 */
public final class OfflineDispatch implements AutoCloseable {

    /** An outcome the topology wrote: its reqid and value bytes (Confluent wire format). */
    public record Written(String reqid, byte[] value, Instant timestamp) {}

    /** Sweeps stepped through at most; a longer idle stretch is crossed in one jump first. */
    private static final int MAX_SWEEP_STEPS = 10_000;
    /** How many drains between discarding what nobody reads (changelogs, index entries, dead letters). */
    private static final int DISCARD_EVERY = 1_000;

    private final TopologyTestDriver driver;
    private final Duration sweepInterval;
    private final String outcomeTopic;
    private final Map<String, TestOutputTopic<byte[], byte[]>> discarded = new HashMap<>();
    private int drains;
    private final Map<String, TestInputTopic<byte[], byte[]>> inputs;
    private final TestOutputTopic<String, byte[]> outcomes;
    private final String stateScope = "mock://rebuild-" + UUID.randomUUID();
    private Instant clock;

    public OfflineDispatch(
            BusConfig config, BusTopics topics, DispatchSettings settings, Path stateDir, Instant start) {
        this.clock = start;
        this.sweepInterval = settings.sweepInterval();
        this.outcomeTopic = topics.outcomes().name();
        this.driver = new TopologyTestDriver(
                DispatchTopology.build(topics, SchemaRegistryClient.forUrl(stateScope), settings),
                StreamsApp.offlineProperties(config, topics, stateDir),
                start);
        ByteArraySerializer bytes = new ByteArraySerializer();
        this.inputs = Map.of(
                topics.requests().name(),
                        driver.createInputTopic(topics.requests().name(), bytes, bytes),
                topics.responses().name(),
                        driver.createInputTopic(topics.responses().name(), bytes, bytes),
                topics.cancels().name(),
                        driver.createInputTopic(topics.cancels().name(), bytes, bytes),
                topics.hellos().name(), driver.createInputTopic(topics.hellos().name(), bytes, bytes));
        this.outcomes = driver.createOutputTopic(
                topics.outcomes().name(), new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** Moves the clock to {@code timestamp} (never back), then processes one recorded event of a bus topic. */
    public List<Written> process(String topic, byte[] key, byte[] value, Instant timestamp) {
        TestInputTopic<byte[], byte[]> input = inputs.get(topic);
        if (input == null) {
            throw new IllegalArgumentException("the dispatch topology does not read " + topic);
        }
        List<Written> written = new ArrayList<>(advanceTo(timestamp));
        input.pipeInput(new TestRecord<>(key, value, timestamp));
        written.addAll(drain());
        return written;
    }

    /**
     * Moves the clock to {@code time} a sweep interval at a time, so timeouts are decided when the
     * streams-app's wall-clock sweep would have decided them; returns the outcomes they closed.
     * Nothing arrives in between, so crossing a long idle stretch in one jump decides the same
     * (only the outcomes' closed_at is coarser).
     */
    public List<Written> advanceTo(Instant time) {
        List<Written> written = new ArrayList<>();
        if (!time.isAfter(clock)) {
            return written;
        }
        Duration stretch = sweepInterval.multipliedBy(MAX_SWEEP_STEPS);
        if (Duration.between(clock, time).compareTo(stretch) > 0) {
            jump(time.minus(stretch));
            written.addAll(drain());
        }
        while (clock.plus(sweepInterval).isBefore(time)) {
            jump(clock.plus(sweepInterval));
            written.addAll(drain());
        }
        jump(time);
        written.addAll(drain());
        return written;
    }

    private void jump(Instant to) {
        driver.advanceWallClockTime(Duration.between(clock, to));
        clock = to;
    }

    private List<Written> drain() {
        if (++drains % DISCARD_EVERY == 0) {
            // The driver keeps every record the topology writes until it is read: let go of the rest.
            for (String topic : driver.producedTopicNames()) {
                if (!topic.equals(outcomeTopic)) {
                    discarded
                            .computeIfAbsent(
                                    topic,
                                    name -> driver.createOutputTopic(
                                            name, new ByteArrayDeserializer(), new ByteArrayDeserializer()))
                            .readRecordsToList();
                }
            }
        }
        return outcomes.readRecordsToList().stream()
                .map(r -> new Written(r.key(), r.value(), r.getRecordTime()))
                .toList();
    }

    @Override
    public void close() {
        driver.close();
        InMemorySchemaRegistryClient.dropScope(stateScope.substring("mock://".length()));
    }
}
