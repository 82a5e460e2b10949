package io.mgmtbus.streams;

import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.topics.BusTopics;
import io.mgmtbus.contracts.topics.TopicProvisioner;
import io.mgmtbus.events.DispatchMember;
import io.mgmtbus.events.PendingDispatch;
import io.mgmtbus.schemas.wire.AvroWireSerde;
import io.mgmtbus.streams.deadletter.DeadLetterDeserializationHandler;
import io.mgmtbus.streams.deadletter.DeadLetterProcessingHandler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the dispatch topology with exactly-once (v2) processing until closed. */
public final class StreamsApp implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StreamsApp.class);

    private final KafkaStreams streams;

    private StreamsApp(KafkaStreams streams) {
        this.streams = streams;
    }

    /** Provisions the bus topics, starts the app and waits until it is running. */
    public static StreamsApp start(BusConfig config, DispatchSettings settings, Path stateDir) {
        BusTopics topics = new BusTopics(config);
        try (Admin admin = Admin.create(config.clientProperties())) {
            new TopicProvisioner(admin).ensure(topics.specs());
        }
        KafkaStreams streams = new KafkaStreams(
                DispatchTopology.build(topics, AvroWireSerde.of(PendingDispatch.class, config.schemaRegistryUrl()),
                        AvroWireSerde.of(DispatchMember.class, config.schemaRegistryUrl()), settings),
                properties(config, topics, stateDir));
        streams.setUncaughtExceptionHandler(e -> {
            log.error("stream thread failed; replacing it (state is restored from the changelog)", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline || !streams.state().isRunningOrRebalancing()) {
                streams.close(Duration.ofSeconds(10));
                throw new IllegalStateException("streams-app did not reach RUNNING (state " + streams.state() + ")");
            }
            sleep(100);
        }
        log.info("streams-app running on {} (application id {})", config.bootstrapServers(), applicationId(topics));
        return new StreamsApp(streams);
    }

    public static String applicationId(BusTopics topics) {
        return topics.prefix() + "mgmt-streams";
    }

    static Properties properties(BusConfig config, BusTopics topics, Path stateDir) {
        Properties props = new Properties();
        props.putAll(config.clientProperties());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId(topics));
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, -1); // the broker's default
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationHandler.class);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingHandler.class);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        props.put(DeadLetterDeserializationHandler.TOPIC_CONFIG, topics.deadLetter().name());
        // Outcomes become visible to read_committed readers at each commit: commit often, and do not
        // idle 100 ms in poll() before a due commit (the thread commits between polls).
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 20);
        props.put(StreamsConfig.POLL_MS_CONFIG, 10L);
        // Requests and responses may arrive in any order (the bookkeeping handles both), so a task
        // need not wait for data on its other partition before processing what it has.
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, -1L);
        // Streams lingers 100 ms before sending by default; an operator waits on every outcome.
        props.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 0);
        return props;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /**
     * Stops and leaves the consumer group, so a replacement instance takes over the tasks at once
     * instead of after the session timeout.
     */
    @Override
    public void close() {
        streams.close(CloseOptions.timeout(Duration.ofSeconds(30))
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        log.info("streams-app stopped");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the streams-app", e);
        }
    }
}
