package io.mgmtbus.history.audit;

import io.mgmtbus.events.DispatchCancel;
import io.mgmtbus.events.DispatchOutcome;
import io.mgmtbus.events.NodeDispatchRequest;
import io.mgmtbus.events.NodeDispatchResponse;
import java.time.Instant;

/**
 * One record of the bus's history, where it is and what it says.
 *
 * @param topic which bus topic
 * @param partition the record's partition
 * @param offset the record's offset
 * @param timestamp the record's timestamp
 * @param key the key as text (reqid, node name, or a dead letter's original key), or null
 * @param event the decoded value: an event, a {@link DeadLetterView}, or null for a tombstone or undecodable bytes
 * @param problem why the value could not be decoded, or null
 */
public record AuditEvent(
        AuditTopic topic, int partition, long offset, Instant timestamp, String key, Object event, String problem) {

    /** The reqid this event is about, from its value where it has one, else its key; null for hellos. */
    public String reqid() {
        if (event instanceof NodeDispatchRequest r) {
            return r.getReqid();
        }
        if (event instanceof NodeDispatchResponse r) {
            return r.getReqid();
        }
        if (event instanceof DispatchOutcome o) {
            return o.getReqid();
        }
        if (event instanceof DispatchCancel c) {
            return c.getReqid();
        }
        return topic == AuditTopic.HELLOS ? null : key;
    }

    /**
     * A dead letter's headers: where the refused record came from and why.
     *
     * @param sourceTopic the topic it was read from
     * @param sourcePartition its partition there
     * @param sourceOffset its offset there
     * @param component who refused it
     * @param reason why
     * @param valueBytes the size of the original value (null value: -1)
     */
    public record DeadLetterView(
            String sourceTopic,
            String sourcePartition,
            String sourceOffset,
            String component,
            String reason,
            int valueBytes) {}
}
