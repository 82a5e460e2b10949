package io.mgmtbus.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * The registry's compatibility rules, with Confluent's names and meanings, judged by Avro's own
 * {@link SchemaCompatibility} checker. BACKWARD (the default): consumers using the new schema
 * can read data written with the old one.
 */
public enum CompatibilityLevel {
    NONE(false, false, false),
    BACKWARD(true, false, false),
    BACKWARD_TRANSITIVE(true, false, true),
    FORWARD(false, true, false),
    FORWARD_TRANSITIVE(false, true, true),
    FULL(true, true, false),
    FULL_TRANSITIVE(true, true, true);

    private final boolean backward;
    private final boolean forward;
    private final boolean transitive;

    CompatibilityLevel(boolean backward, boolean forward, boolean transitive) {
        this.backward = backward;
        this.forward = forward;
        this.transitive = transitive;
    }

    /** Whether a new schema is checked against every earlier version, not only the latest. */
    public boolean transitive() {
        return transitive;
    }

    /**
     * Checks {@code candidate} against the subject's existing schemas, oldest first, and returns
     * one message per incompatibility (empty when compatible).
     */
    public List<String> check(Schema candidate, List<Schema> existing) {
        if (existing.isEmpty() || this == NONE) {
            return List.of();
        }
        List<Schema> against = transitive ? existing : List.of(existing.get(existing.size() - 1));
        return against.stream()
                .flatMap(old -> problems(candidate, old).stream())
                .toList();
    }

    private List<String> problems(Schema candidate, Schema old) {
        List<String> messages = new ArrayList<>();
        if (backward) {
            describe(
                    SchemaCompatibility.checkReaderWriterCompatibility(candidate, old),
                    "new schema cannot read data written with an earlier one",
                    messages);
        }
        if (forward) {
            describe(
                    SchemaCompatibility.checkReaderWriterCompatibility(old, candidate),
                    "an earlier schema cannot read data written with the new one",
                    messages);
        }
        return messages;
    }

    private static void describe(SchemaPairCompatibility result, String direction, List<String> messages) {
        if (result.getType() != SchemaCompatibilityType.COMPATIBLE) {
            result.getResult()
                    .getIncompatibilities()
                    .forEach(i -> messages.add("{" + direction + ": " + i.getType() + " at '" + i.getLocation() + "': "
                            + i.getMessage() + "}"));
        }
    }

    /** Parses a level name, or null when it is not one. */
    public static CompatibilityLevel parse(String name) {
        if (name == null) {
            return null;
        }
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
