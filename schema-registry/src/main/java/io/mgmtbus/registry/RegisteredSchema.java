package io.mgmtbus.registry;

import java.util.List;

/**
 * One version of one subject, as the registry stores and returns it. {@code schema} is the
 * canonical text (what identity compares); {@code deleted} marks a soft-deleted version, kept
 * until it is deleted permanently.
 */
record RegisteredSchema(
        String subject, int version, int id, String schema, List<SchemaReference> references, boolean deleted) {

    RegisteredSchema {
        references = List.copyOf(references);
    }

    /** The same version, soft-deleted. */
    RegisteredSchema asDeleted() {
        return new RegisteredSchema(subject, version, id, schema, references, true);
    }

    /** Whether this version holds the schema of {@code identity} (same canonical text, same references). */
    boolean holds(SchemaIdentity identity) {
        return schema.equals(identity.canonical()) && references.equals(identity.references());
    }
}
