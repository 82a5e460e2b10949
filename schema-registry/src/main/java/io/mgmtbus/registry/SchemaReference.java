package io.mgmtbus.registry;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A named Avro type that a schema takes from another subject's version, as in Confluent's
 * {@code "references": [{"name": "com.acme.Address", "subject": "address", "version": 1}]}.
 */
record SchemaReference(String name, String subject, int version) {

    /** Adds {@code references} to {@code json} as Confluent writes them (nothing when there are none). */
    static void putAll(ObjectNode json, List<SchemaReference> references) {
        if (references.isEmpty()) {
            return;
        }
        ArrayNode array = json.putArray("references");
        references.forEach(r -> array.addObject()
                .put("name", r.name())
                .put("subject", r.subject())
                .put("version", r.version()));
    }
}
