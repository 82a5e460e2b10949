package io.mgmtbus.streams.deadletter;

/**
 * Thrown by a processor for a record that decodes but breaks the bus's rules (see
 * {@code RecordRules}). The processing-exception handler dead-letters the record's original
 * bytes with this message as the reason: a processor cannot reach the source bytes itself, and
 * re-encoding the decoded value would not be what the client wrote.
 */
public final class RejectedRecord extends RuntimeException {

    public RejectedRecord(String reason) {
        super(reason, null, false, false);
    }
}
