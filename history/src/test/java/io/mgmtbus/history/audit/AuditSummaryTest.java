package io.mgmtbus.history.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.mgmtbus.events.DispatchCancel;
import io.mgmtbus.events.NodeDispatchRequest;
import io.mgmtbus.events.Rollout;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditSummaryTest {

    private static final Instant NOW = Instant.parse("2026-11-27T01:00:00Z");

    @Test
    void aRolloutItsWavesAndItsCancelEachSayWhatTheyAre() {
        NodeDispatchRequest plan = NodeDispatchRequest.newBuilder()
                .setReqid("r")
                .setAction(List.of("ping"))
                .setIssuedAt(NOW)
                .setRequester("cli")
                .setSelector("role=worker")
                .setRollout(Rollout.newBuilder().setBatch("1").setMaxErrors("2").build())
                .build();
        assertThat(summary(AuditTopic.REQUESTS, plan))
                .isEqualTo("request ping to all nodes matching role=worker in batches of 1, stopping after 2 errors"
                        + " by cli");
        NodeDispatchRequest wave = NodeDispatchRequest.newBuilder()
                .setReqid("r")
                .setAction(List.of("ping"))
                .setIssuedAt(NOW)
                .setRequester("cli")
                .setNodes(List.of("worker-01"))
                .setWave(1)
                .build();
        assertThat(summary(AuditTopic.REQUESTS, wave))
                .isEqualTo("wave 1 of the rollout: ping to worker-01 (by the streams-app)");
        DispatchCancel cancel = DispatchCancel.newBuilder()
                .setReqid("r")
                .setRequestedAt(NOW)
                .setRequester("cli")
                .setReason("wrong action")
                .build();
        assertThat(summary(AuditTopic.CANCELS, cancel)).isEqualTo("cancel by cli: wrong action");
    }

    private static String summary(AuditTopic topic, Object event) {
        return AuditSummary.of(new AuditEvent(topic, 0, 0, NOW, "r", event, null));
    }
}
