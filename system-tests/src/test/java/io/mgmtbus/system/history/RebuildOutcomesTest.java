package io.mgmtbus.system.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.mgmtbus.contracts.dispatch.ResultDiff;
import io.mgmtbus.contracts.topics.Topic;
import io.mgmtbus.events.DispatchOutcome;
import io.mgmtbus.events.NodeDispatchRequest;
import io.mgmtbus.system.CliRun;
import io.mgmtbus.system.LiveBus;
import io.mgmtbus.testkit.TopicRecorder;
import io.mgmtbus.testkit.TopicWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code mgmt rebuild-outcomes} on real traffic: the streams-app's bookkeeping run again over the
 * recorded requests, responses and hellos gives the outcomes the bus recorded, on the same
 * partitions; with a shorter default timeout it names the request whose slow node would have
 * been too late, and exits 6.
 */
@Tag("slow")
class RebuildOutcomesTest {

    private static final String SLOW = "slow-0";
    private static LiveBus bus;
    private static Instant before;
    private static Instant after;
    private static Map<String, ConsumerRecord<String, DispatchOutcome>> originals;

    @BeforeAll
    static void traffic() throws Exception {
        bus = LiveBus.start((name, node) -> node.action("slow", args -> {
            if (name.equals("worker-02")) {
                Thread.sleep(1500);
            }
            return "done";
        }));
        before = Instant.now();
        List<String> reqids = new ArrayList<>();
        try (TopicWriter<String, NodeDispatchRequest> requests = new TopicWriter<>(bus.config, bus.topics.requests())) {
            for (int i = 0; i < 3; i++) {
                String reqid = LiveBus.KINDS.get(i) + "rebuild-" + i;
                requests.send(reqid, LiveBus.requestOfKind(reqid));
                reqids.add(reqid);
            }
            // No deadline: it waits the streams-app's default timeout (10s); worker-02 answers after 1.5s.
            NodeDispatchRequest slow = LiveBus.request(SLOW, List.of(), "slow");
            slow.setDeadline(null);
            requests.send(SLOW, slow);
            reqids.add(SLOW);
        }
        originals = bus.exactlyOneOutcomeEach(reqids, Duration.ofSeconds(60));
        Thread.sleep(50);
        after = Instant.now();
    }

    @AfterAll
    static void stop() throws Exception {
        bus.close();
    }

    @Test
    void rebuiltOutcomesEqualTheRecordedOnesOnTheSamePartitions() {
        CliRun run = rebuild("--to-topic", "rebuilt.outcomes");
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out())
                .contains("4 outcome(s) rebuilt into rebuilt.outcomes: 4 equal, 0 differ, 0 without an original");

        Topic<String, DispatchOutcome> rebuilt = new Topic<>(
                "rebuilt.outcomes",
                bus.topics.outcomes().keySerde(),
                bus.topics.outcomes().valueSerde());
        try (TopicRecorder<String, DispatchOutcome> tail = new TopicRecorder<>(bus.config, rebuilt)) {
            List<ConsumerRecord<String, DispatchOutcome>> records =
                    tail.until(seen -> seen.size() >= 4, Duration.ofSeconds(30));
            assertThat(records).hasSize(4);
            for (ConsumerRecord<String, DispatchOutcome> r : records) {
                ConsumerRecord<String, DispatchOutcome> original = originals.get(r.key());
                assertThat(r.partition()).as("partition of %s", r.key()).isEqualTo(original.partition());
                assertThat(ResultDiff.between(original.value(), r.value()))
                        .as(r.key())
                        .isEmpty();
                assertThat(r.value().getTargeted()).isEqualTo(original.value().getTargeted());
            }
        }
    }

    @Test
    void aShorterDefaultTimeoutWouldHaveTimedOutTheSlowNode() {
        CliRun run = rebuild("--default-timeout", "1s", "--dry-run");
        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(6);
        assertThat(run.out())
                .contains(
                        SLOW
                                + ": differs: state COMPLETE -> TIMED_OUT; worker-02: ok \"done\" -> error no response within 1s")
                .contains("4 outcome(s) rebuilt (dry run, nothing written): 3 equal, 1 differ, 0 without an original");
    }

    @Test
    void neverOverTheBusOutcomes() {
        CliRun run = rebuild("--to-topic", bus.topics.outcomes().name());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("is a topic of the bus: rebuilt outcomes go to a separate topic");
    }

    private static CliRun rebuild(String... args) {
        List<String> all = new ArrayList<>(List.of("--since", before.toString(), "--until", after.toString()));
        all.addAll(List.of(args));
        return CliRun.of(bus.config, "rebuild-outcomes", all.toArray(String[]::new));
    }
}
