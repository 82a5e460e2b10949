package io.mgmtbus.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.mgmtbus.events.NodeHello;
import io.mgmtbus.testkit.TopicRecorder;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A node says hello on the compacted topic, keeps saying it as a heartbeat, and leaves with a tombstone. */
class HelloTest {

    private final NodeFixture fixture = new NodeFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void helloHeartbeatAndTombstone() {
        ManagedNode node = fixture.nodeBuilder("worker-07")
                .instance("rack-3")
                .heartbeat(Duration.ofMillis(300))
                .action("custom", args -> 1)
                .start();
        try (TopicRecorder<String, NodeHello> hellos = new TopicRecorder<>(fixture.bus, fixture.topics.hellos())) {
            List<ConsumerRecord<String, NodeHello>> seen = hellos.atLeast(3, Duration.ofSeconds(30));
            assertThat(seen).allSatisfy(r -> assertThat(r.key()).isEqualTo("worker-07"));
            NodeHello first = seen.get(0).value();
            assertThat(first.getNode()).isEqualTo("worker-07");
            assertThat(first.getInstance()).isEqualTo("rack-3");
            assertThat(first.getActions()).containsExactly("custom", "get_id_value", "list_actions", "ping");
            assertThat(first.getStartedAt())
                    .isEqualTo(node.identity().startedAt().truncatedTo(ChronoUnit.MILLIS));
            assertThat(first.getHeartbeatIntervalMs()).isEqualTo(300);
            NodeHello third = seen.get(2).value();
            assertThat(third.getSentAt()).as("heartbeats move sent_at").isAfter(first.getSentAt());
            assertThat(third.getStartedAt()).isEqualTo(first.getStartedAt());

            node.close();

            List<ConsumerRecord<String, NodeHello>> all =
                    hellos.until(records -> records.get(records.size() - 1).value() == null, Duration.ofSeconds(30));
            ConsumerRecord<String, NodeHello> last = all.get(all.size() - 1);
            assertThat(last.key()).isEqualTo("worker-07");
            assertThat(last.value()).as("tombstone").isNull();
        }
    }
}
