package io.mgmtbus.system.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mgmtbus.events.NodeDispatchRequest;
import io.mgmtbus.history.audit.AuditEvent;
import io.mgmtbus.history.audit.AuditFilter;
import io.mgmtbus.history.audit.AuditScan;
import io.mgmtbus.history.audit.AuditTopic;
import io.mgmtbus.system.CliRun;
import io.mgmtbus.system.ExternalProcess;
import io.mgmtbus.system.ForeignPartitioners;
import io.mgmtbus.system.Http;
import io.mgmtbus.system.LiveBus;
import io.mgmtbus.system.LiveBusPerClass;
import io.mgmtbus.testkit.TopicWriter;
import io.mgmtbus.topics.ReadProgress;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code mgmt audit} on real traffic: six requests from a librdkafka-style (CRC32) partitioner
 * through real nodes and the streams-app, then exact counts by reqid, node, action and time range.
 */
class AuditTest {

    @RegisterExtension
    static final LiveBusPerClass live = new LiveBusPerClass();

    private static Instant before;
    private static Instant after;

    @BeforeAll
    static void traffic() throws Exception {
        LiveBus bus = live.bus();
        before = Instant.now();
        Map<String, Object> props = bus.config.clientProperties();
        props.put(ProducerConfig.PARTITIONER_CLASS_CONFIG, ForeignPartitioners.Crc32Partitioner.class);
        List<String> reqids = new ArrayList<>();
        try (KafkaProducer<String, NodeDispatchRequest> producer = new KafkaProducer<>(
                props,
                bus.topics.requests().keySerde().serializer(),
                bus.topics.requests().valueSerde().serializer())) {
            for (int i = 0; i < 6; i++) {
                String reqid = LiveBus.KINDS.get(i % LiveBus.KINDS.size()) + "audit-" + i;
                producer.send(bus.topics.requests().record(reqid, LiveBus.requestOfKind(reqid)))
                        .get();
                reqids.add(reqid);
            }
        }
        bus.exactlyOneOutcomeEach(reqids, Duration.ofSeconds(60));
        Thread.sleep(50);
        after = Instant.now();
    }

    @Test
    void byReqidEveryEventOfThatRequestAndNothingElse() throws Exception {
        assertThat(topicsOf(audit("--reqid", "all-audit-0")))
                .isEqualTo(Map.of("requests", 1L, "responses", 3L, "outcomes", 1L));
        assertThat(topicsOf(audit("--reqid", "some-audit-1")))
                .isEqualTo(Map.of("requests", 1L, "responses", 1L, "outcomes", 1L));
        List<JsonNode> request = audit("--reqid", "bad-audit-2", "--topic", "requests");
        assertThat(request).hasSize(1);
        assertThat(request.get(0).get("event").get("action").toString()).isEqualTo("[\"frobnicate\"]");
        assertThat(request.get(0).get("key").asText()).isEqualTo("bad-audit-2");
    }

    @Test
    void byNodeItsRequestsAnswersAndOutcomes() throws Exception {
        // worker-02 is targeted by the 4 broadcasts (all- and bad-), not by some- (worker-01 and nope).
        assertThat(topicsOf(audit("--node", "worker-02", "--since", before.toString(), "--until", after.toString())))
                .isEqualTo(Map.of("requests", 4L, "responses", 4L, "outcomes", 4L));
        assertThat(audit(
                        "--node",
                        "nope",
                        "--since",
                        before.toString(),
                        "--until",
                        after.toString(),
                        "--topic",
                        "outcomes"))
                .hasSize(2);
    }

    @Test
    void byActionAllEventsOfTheSelectedRequests() throws Exception {
        List<JsonNode> frobnicate =
                audit("--action", "frobnicate", "--since", before.toString(), "--until", after.toString());
        assertThat(topicsOf(frobnicate)).isEqualTo(Map.of("requests", 2L, "responses", 6L, "outcomes", 2L));
        assertThat(frobnicate).allSatisfy(e -> assertThat(e.get("key").asText()).startsWith("bad-audit-"));
        assertThat(audit(
                        "--requester",
                        "system-test",
                        "--state",
                        "complete",
                        "--since",
                        before.toString(),
                        "--until",
                        after.toString(),
                        "--topic",
                        "outcomes"))
                .hasSize(6);
    }

    @Test
    void byTimeRangeExactlyTheEventsInside() throws Exception {
        assertThat(audit("--since", before.toString(), "--until", after.toString(), "--topic", "requests"))
                .extracting(e -> e.get("key").asText())
                .containsExactlyInAnyOrder(
                        "all-audit-0", "some-audit-1", "bad-audit-2", "all-audit-3", "some-audit-4", "bad-audit-5");
        assertThat(audit("--until", before.toString(), "--topic", "requests"))
                .extracting(e -> e.get("key").asText())
                .allMatch(key -> key.startsWith("probe-"));
        assertThat(audit("--since", after.toString(), "--topic", "requests"))
                .extracting(e -> e.get("key").asText())
                .noneMatch(key -> key.contains("audit-"));
    }

    @Test
    void tableAndCsvShowOneLinePerEvent() {
        CliRun table = CliRun.of(live.bus().config, "audit", "--reqid", "all-audit-0");
        assertThat(table.exitCode()).isZero();
        assertThat(table.out().lines()).hasSize(1 + 5);
        assertThat(table.out())
                .contains("request get_id_value Cluster::node to all nodes by system-test")
                .contains("outcome complete: 3 ok, 0 errors");
        CliRun csv = CliRun.of(live.bus().config, "audit", "--reqid", "some-audit-1", "-o", "csv");
        assertThat(csv.out().lines().findFirst()).contains("timestamp,topic,partition,offset,key,summary");
        assertThat(csv.out().lines()).hasSize(1 + 3);
        CliRun bad = CliRun.of(live.bus().config, "audit", "--topic", "everything");
        assertThat(bad.exitCode()).isEqualTo(2);
    }

    @Test
    void followingSeesANewDispatch() throws Exception {
        LiveBus bus = live.bus();
        List<AuditEvent> seen = new CopyOnWriteArrayList<>();
        AuditFilter outcomes =
                new AuditFilter(null, null, null, null, null, Set.of(AuditTopic.OUTCOMES), Instant.now(), null);
        try (AuditScan scan = new AuditScan(bus.config, bus.topics)) {
            CompletableFuture<Long> following =
                    CompletableFuture.supplyAsync(() -> scan.run(outcomes, true, seen::add, ReadProgress.NONE));
            Thread.sleep(1000);
            try (TopicWriter<String, NodeDispatchRequest> requests =
                    new TopicWriter<>(bus.config, bus.topics.requests())) {
                requests.send("all-followed", LiveBus.requestOfKind("all-followed"));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (seen.stream().noneMatch(e -> "all-followed".equals(e.key())) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            scan.stop();
            following.get();
        }
        assertThat(seen).extracting(AuditEvent::key).contains("all-followed");
    }

    @Test
    void overHttpTheSameEventsAsJsonLines() throws Exception {
        LiveBus bus = live.bus();
        if (bus.agent == null) {
            bus.startAgent();
        }
        HttpResponse<String> lines = Http.get(bus.agent.url() + "/audit?reqid=all-audit-0");
        assertThat(lines.statusCode()).isEqualTo(200);
        assertThat(lines.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/x-ndjson"));
        assertThat(topicsOf(ExternalProcess.jsonLines(lines.body())))
                .isEqualTo(Map.of("requests", 1L, "responses", 3L, "outcomes", 1L));
        assertThat(ExternalProcess.jsonLines(lines.body())).isEqualTo(audit("--reqid", "all-audit-0"));
        assertThat(ExternalProcess.jsonLines(Http.get(bus.agent.url() + "/audit?action=frobnicate&limit=3&since="
                                + before + "&until=" + after)
                        .body()))
                .hasSize(3);
        HttpResponse<String> bad = Http.get(bus.agent.url() + "/audit?state=sleepy");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("bad state 'sleepy': use complete, timed_out, cancelled or stopped");
    }

    private static List<JsonNode> audit(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("-o", "json"));
        CliRun run = CliRun.of(live.bus().config, "audit", all.toArray(String[]::new));
        assertThat(run.exitCode()).as("mgmt audit %s%n%s", all, run.err()).isZero();
        return ExternalProcess.jsonLines(run.out());
    }

    private static Map<String, Long> topicsOf(List<JsonNode> events) {
        return events.stream().collect(Collectors.groupingBy(e -> e.get("topic").asText(), Collectors.counting()));
    }
}
