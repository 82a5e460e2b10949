package io.mgmtbus.contracts.topics;

import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.events.DispatchCancel;
import io.mgmtbus.events.DispatchOutcome;
import io.mgmtbus.events.NodeDispatchRequest;
import io.mgmtbus.events.NodeDispatchResponse;
import io.mgmtbus.events.NodeHello;
import io.mgmtbus.events.RequestLocation;
import io.mgmtbus.schemas.registry.SchemaRegistryClient;
import io.mgmtbus.schemas.wire.AvroWireSerde;
import io.mgmtbus.schemas.wire.WireFormat;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Utils;

/**
 * The bus topics of one bus (one topic prefix), each typed with its serdes, plus how to create
 * them. Keys are plain UTF-8 strings so any client can produce without a key schema; values are
 * Avro in the Confluent wire format.
 */
public final class BusTopics {

    /**
     * Requests, responses, outcomes and cancels share this count: a request's responses, outcome
     * and cancel are written to the partition number the request landed on (whatever partitioner
     * its producer used), so the streams-app pairs them in one task without repartitioning.
     */
    public static final int DISPATCH_PARTITIONS = 6;

    public static final int HELLO_PARTITIONS = 3;

    /** A reqid lookup reads one partition of the index: more partitions, less to read. */
    public static final int INDEX_PARTITIONS = 12;

    public static final Duration AUDIT_RETENTION = Duration.ofDays(365);
    public static final Duration DEAD_LETTER_RETENTION = Duration.ofDays(30);

    private final String prefix;
    private final Topic<String, NodeDispatchRequest> requests;
    private final Topic<String, NodeDispatchResponse> responses;
    private final Topic<String, DispatchOutcome> outcomes;
    private final Topic<String, DispatchCancel> cancels;
    private final Topic<String, NodeHello> hellos;
    private final Topic<byte[], byte[]> deadLetter;
    private final Topic<String, String> redriven;
    private final Topic<String, RequestLocation> requestIndex;

    public BusTopics(BusConfig config) {
        this(config.topicPrefix(), config.schemaRegistry());
    }

    public BusTopics(String prefix, SchemaRegistryClient registry) {
        this.prefix = prefix;
        Serde<String> keys = Serdes.String();
        this.requests = new Topic<>(
                prefix + TopicNames.REQUESTS, keys, new AvroWireSerde<>(NodeDispatchRequest.class, registry));
        this.responses = new Topic<>(
                prefix + TopicNames.RESPONSES, keys, new AvroWireSerde<>(NodeDispatchResponse.class, registry));
        this.outcomes =
                new Topic<>(prefix + TopicNames.OUTCOMES, keys, new AvroWireSerde<>(DispatchOutcome.class, registry));
        this.cancels =
                new Topic<>(prefix + TopicNames.CANCELS, keys, new AvroWireSerde<>(DispatchCancel.class, registry));
        this.hellos = new Topic<>(prefix + TopicNames.HELLOS, keys, new AvroWireSerde<>(NodeHello.class, registry));
        this.deadLetter = new Topic<>(prefix + TopicNames.DEAD_LETTER, Serdes.ByteArray(), Serdes.ByteArray());
        this.redriven = new Topic<>(prefix + TopicNames.REDRIVEN, keys, Serdes.String());
        this.requestIndex = new Topic<>(
                prefix + TopicNames.REQUEST_INDEX, keys, new AvroWireSerde<>(RequestLocation.class, registry));
    }

    public String prefix() {
        return prefix;
    }

    public Topic<String, NodeDispatchRequest> requests() {
        return requests;
    }

    public Topic<String, NodeDispatchResponse> responses() {
        return responses;
    }

    public Topic<String, DispatchOutcome> outcomes() {
        return outcomes;
    }

    /** Cancels by reqid, each on the partition number of the request it stops. */
    public Topic<String, DispatchCancel> cancels() {
        return cancels;
    }

    public Topic<String, NodeHello> hellos() {
        return hellos;
    }

    public Topic<byte[], byte[]> deadLetter() {
        return deadLetter;
    }

    /** The re-drive ledger: key = a dead letter's source coordinates, value = JSON saying when and where it went. */
    public Topic<String, String> redriven() {
        return redriven;
    }

    /** Where each request's records are, by reqid (see {@link #indexPartition(String)}). */
    public Topic<String, RequestLocation> requestIndex() {
        return requestIndex;
    }

    /**
     * The index partition of a reqid: murmur2 of its UTF-8 bytes, as Java's default partitioner.
     * The streams-app writes each entry there and a lookup reads only that partition.
     */
    public static int indexPartition(String reqid) {
        return Utils.toPositive(Utils.murmur2(reqid.getBytes(StandardCharsets.UTF_8))) % INDEX_PARTITIONS;
    }

    /**
     * The value schema of each event topic by registry subject ({@code <topic>-value}), so they can
     * be registered when the bus is provisioned and a client that ships no {@code .avsc} can fetch
     * the latest version and produce before any Java component has.
     */
    public Map<String, Schema> valueSchemas() {
        Map<String, Schema> schemas = new LinkedHashMap<>();
        schemas.put(WireFormat.subject(requests.name(), false), NodeDispatchRequest.getClassSchema());
        schemas.put(WireFormat.subject(responses.name(), false), NodeDispatchResponse.getClassSchema());
        schemas.put(WireFormat.subject(outcomes.name(), false), DispatchOutcome.getClassSchema());
        schemas.put(WireFormat.subject(cancels.name(), false), DispatchCancel.getClassSchema());
        schemas.put(WireFormat.subject(hellos.name(), false), NodeHello.getClassSchema());
        schemas.put(WireFormat.subject(requestIndex.name(), false), RequestLocation.getClassSchema());
        return schemas;
    }

    /** What every topic of this bus must look like. */
    public List<TopicSpec> specs() {
        Map<String, String> audit = Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG,
                "delete",
                TopicConfig.RETENTION_MS_CONFIG,
                Long.toString(AUDIT_RETENTION.toMillis()));
        return List.of(
                new TopicSpec(requests.name(), DISPATCH_PARTITIONS, audit),
                new TopicSpec(responses.name(), DISPATCH_PARTITIONS, audit),
                new TopicSpec(outcomes.name(), DISPATCH_PARTITIONS, audit),
                new TopicSpec(cancels.name(), DISPATCH_PARTITIONS, audit),
                new TopicSpec(
                        hellos.name(),
                        HELLO_PARTITIONS,
                        Map.of(
                                TopicConfig.CLEANUP_POLICY_CONFIG,
                                "compact",
                                // Tombstones of departed nodes stay long enough for every reader to see them.
                                TopicConfig.DELETE_RETENTION_MS_CONFIG,
                                Long.toString(Duration.ofDays(1).toMillis()))),
                new TopicSpec(
                        deadLetter.name(),
                        1,
                        Map.of(
                                TopicConfig.CLEANUP_POLICY_CONFIG,
                                "delete",
                                TopicConfig.RETENTION_MS_CONFIG,
                                Long.toString(DEAD_LETTER_RETENTION.toMillis()))),
                new TopicSpec(redriven.name(), 1, Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, "compact")),
                // Latest entry per reqid, kept as long as the records it points to.
                new TopicSpec(
                        requestIndex.name(),
                        INDEX_PARTITIONS,
                        Map.of(
                                TopicConfig.CLEANUP_POLICY_CONFIG,
                                "compact,delete",
                                TopicConfig.RETENTION_MS_CONFIG,
                                Long.toString(AUDIT_RETENTION.toMillis()))));
    }
}
