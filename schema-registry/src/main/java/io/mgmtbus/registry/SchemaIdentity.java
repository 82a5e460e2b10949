package io.mgmtbus.registry;

import java.util.List;

/**
 * What makes two registrations the same schema, as Confluent judges it: the canonical text (Avro's
 * own rendering of the parsed schema, so {@code doc}, {@code aliases}, defaults and order count,
 * whitespace does not) together with the references it takes named types from.
 */
record SchemaIdentity(String canonical, List<SchemaReference> references) {

    SchemaIdentity {
        references = List.copyOf(references);
    }
}
