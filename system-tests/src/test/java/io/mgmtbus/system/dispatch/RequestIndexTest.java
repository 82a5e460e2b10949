package io.mgmtbus.system.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mgmtbus.contracts.topics.BusTopics;
import io.mgmtbus.events.NodeDispatchRequest;
import io.mgmtbus.events.RequestLocation;
import io.mgmtbus.system.CliRun;
import io.mgmtbus.system.ExternalProcess;
import io.mgmtbus.system.Http;
import io.mgmtbus.system.LiveBus;
import io.mgmtbus.system.LiveBusPerClass;
import io.mgmtbus.testkit.TopicRecorder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The request index: a reqid lookup without a time range reads only what the index points to, so
 * it finds a request stamped 40 days ago (older than any window a scan would search), on a
 * partition Java's partitioner would not have chosen.
 */
@Tag("slow")
class RequestIndexTest {

    private static final String OLD = "index-old-1";
    private static final Instant STAMPED = Instant.now().minus(Duration.ofDays(40));

    @RegisterExtension
    static final LiveBusPerClass live = new LiveBusPerClass();

    private static RecordMetadata written;

    @BeforeAll
    static void anOldRequest() throws Exception {
        LiveBus bus = live.bus();
        // An unknown node: the streams-app closes it at once, with no node involved.
        NodeDispatchRequest request = LiveBus.request(OLD, List.of("ghost"), "ping");
        int partition = (LiveBus.murmur2Partition(OLD) + 1) % BusTopics.DISPATCH_PARTITIONS;
        try (KafkaProducer<String, NodeDispatchRequest> producer = new KafkaProducer<>(
                bus.config.clientProperties(),
                bus.topics.requests().keySerde().serializer(),
                bus.topics.requests().valueSerde().serializer())) {
            written = producer.send(new ProducerRecord<>(
                            bus.topics.requests().name(), partition, STAMPED.toEpochMilli(), OLD, request))
                    .get();
        }
        bus.exactlyOneOutcomeEach(List.of(OLD), Duration.ofSeconds(60));
    }

    @Test
    void theStreamsAppIndexesWhereTheRequestIs() {
        try (TopicRecorder<String, RequestLocation> index =
                new TopicRecorder<>(live.bus().config, live.bus().topics.requestIndex())) {
            List<ConsumerRecord<String, RequestLocation>> entries =
                    index.until(seen -> seen.stream().anyMatch(r -> OLD.equals(r.key())), Duration.ofSeconds(30));
            ConsumerRecord<String, RequestLocation> entry = entries.stream()
                    .filter(r -> OLD.equals(r.key()))
                    .findFirst()
                    .orElseThrow();
            assertThat(entry.partition()).isEqualTo(BusTopics.indexPartition(OLD));
            assertThat(entry.value().getPartition()).isEqualTo(written.partition());
            assertThat(entry.value().getRequestOffset()).isEqualTo(written.offset());
            assertThat(entry.value().getRequestTimestamp().toEpochMilli()).isEqualTo(STAMPED.toEpochMilli());
        }
    }

    @Test
    void auditByReqidFindsWhatAnyScanWindowWouldMiss() {
        List<JsonNode> indexed = audit("--reqid", OLD);
        assertThat(topicsOf(indexed)).isEqualTo(Map.of("requests", 1L, "outcomes", 1L));
        JsonNode request = indexed.stream()
                .filter(e -> e.get("topic").asText().equals("requests"))
                .findFirst()
                .orElseThrow();
        assertThat(request.get("partition").asInt()).isEqualTo(written.partition());
        assertThat(request.get("offset").asLong()).isEqualTo(written.offset());
        assertThat(Instant.parse(request.get("timestamp").asText())).isEqualTo(STAMPED.truncatedTo(ChronoUnit.MILLIS));
        // A scan of the last day (what a lookup without the index would search) sees only the outcome.
        assertThat(topicsOf(audit("--reqid", OLD, "--since", "24h"))).isEqualTo(Map.of("outcomes", 1L));
    }

    @Test
    void requestCommandAndHttpFindItToo() throws Exception {
        CliRun request = CliRun.of(live.bus().config, "request", OLD);
        assertThat(request.exitCode()).as(request.err()).isZero();
        JsonNode status = new ObjectMapper().readTree(request.out());
        assertThat(status.get("state").asText()).isEqualTo("complete");
        assertThat(status.toString()).contains("unknown cluster node");
        // --since bounds only the search for a reqid the index does not know.
        assertThat(CliRun.of(live.bus().config, "request", OLD, "--since", "1m").exitCode())
                .isZero();

        LiveBus bus = live.bus();
        if (bus.agent == null) {
            bus.startAgent();
        }
        HttpResponse<String> found = Http.get(bus.agent.url() + "/requests/" + OLD);
        assertThat(found.statusCode()).isEqualTo(200);
        assertThat(found.body()).contains("\"state\":\"complete\"");
        HttpResponse<String> missing = Http.get(bus.agent.url() + "/requests/never-was");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("no request never-was in the last 1h nor in the request index");
    }

    @Test
    void aReqidTheIndexDoesNotKnowIsSearchedInTheLastDayAndSaysSo() {
        CliRun run = CliRun.of(live.bus().config, "audit", "--reqid", "never-was", "-o", "json");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("reqid never-was is not in the request index; searched the 24h before now");
        CliRun request = CliRun.of(live.bus().config, "request", "never-was");
        assertThat(request.exitCode()).isEqualTo(5);
        assertThat(request.err()).contains("no request never-was in the request index, nor in the last 24h");
    }

    @Test
    void anUnreadableIndexEntryIsNoEntry() throws Exception {
        LiveBus bus = live.bus();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                bus.config.clientProperties(), new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(
                            bus.topics.requestIndex().name(),
                            BusTopics.indexPartition("index-garbage"),
                            "index-garbage".getBytes(StandardCharsets.UTF_8),
                            new byte[] {0, 0, 0, 0, 99, 1, 2, 3}))
                    .get();
        }
        CliRun audit = CliRun.of(bus.config, "audit", "--reqid", "index-garbage", "-o", "json");
        assertThat(audit.exitCode()).as(audit.err()).isZero();
        assertThat(audit.err())
                .contains("reqid index-garbage is not in the request index; searched the 24h before now");
        assertThat(CliRun.of(bus.config, "request", "index-garbage").exitCode()).isEqualTo(5);
    }

    private static List<JsonNode> audit(String... args) {
        String[] all =
                Stream.concat(Arrays.stream(args), Stream.of("-o", "json")).toArray(String[]::new);
        CliRun run = CliRun.of(live.bus().config, "audit", all);
        assertThat(run.exitCode())
                .as("mgmt audit %s%n%s", List.of(all), run.err())
                .isZero();
        return ExternalProcess.jsonLines(run.out());
    }

    private static Map<String, Long> topicsOf(List<JsonNode> events) {
        return events.stream().collect(Collectors.groupingBy(e -> e.get("topic").asText(), Collectors.counting()));
    }
}
