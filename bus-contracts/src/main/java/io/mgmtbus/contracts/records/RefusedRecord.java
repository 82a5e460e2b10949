package io.mgmtbus.contracts.records;

import java.util.Optional;

/**
 * A record that decodes but breaks {@link RecordRules}. Components throw it where the code that
 * sets the record aside (a dead-letter handler, a skip counter) is not where the rule is checked.
 */
public final class RefusedRecord extends RuntimeException {

    public RefusedRecord(String reason) {
        super(reason, null, false, false);
    }

    /** Throws when {@code problem} (a {@link RecordRules} answer) holds a reason. */
    public static void unless(Optional<String> problem) {
        if (problem.isPresent()) {
            throw new RefusedRecord(problem.get());
        }
    }
}
