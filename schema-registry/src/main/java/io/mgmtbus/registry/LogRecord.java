package io.mgmtbus.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * One record of the schema log, with the key and value shapes of Confluent's {@code _schemas}
 * topic: {@code {"keytype":"SCHEMA","subject":..,"version":..,"magic":1}} for a version (a null
 * value deletes it for good), {@code {"keytype":"CONFIG","subject":..,"magic":0}} for a
 * compatibility level. {@code LEADER} and {@code HIGHEST_ID} records are this registry's own:
 * which instance is the elected writer (so the others can forward writes to it and name it), and
 * the highest id given.
 */
record LogRecord(byte[] key, byte[] value) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static LogRecord schema(RegisteredSchema schema) {
        ObjectNode value = JSON.createObjectNode()
                .put("subject", schema.subject())
                .put("version", schema.version())
                .put("id", schema.id())
                .put("schema", schema.schema())
                .put("deleted", schema.deleted());
        SchemaReference.putAll(value, schema.references());
        return new LogRecord(bytes(schemaKey(schema.subject(), schema.version())), bytes(value));
    }

    /** Removes a (soft-deleted) version for good: a tombstone, gone from the topic after compaction. */
    static LogRecord schemaTombstone(String subject, int version) {
        return new LogRecord(bytes(schemaKey(subject, version)), null);
    }

    /** A subject's compatibility level ({@code subject} null: the global one; {@code level} null: removed). */
    static LogRecord config(String subject, CompatibilityLevel level) {
        ObjectNode key = JSON.createObjectNode()
                .put("keytype", "CONFIG")
                .put("subject", subject)
                .put("magic", 0);
        return new LogRecord(
                bytes(key),
                level == null ? null : bytes(JSON.createObjectNode().put("compatibilityLevel", level.name())));
    }

    /**
     * The highest id given so far, written with every permanent delete: once compaction has removed
     * a deleted schema's records, this still keeps its id from being given to another schema.
     */
    static LogRecord highestId(int id) {
        ObjectNode key = JSON.createObjectNode().put("keytype", "HIGHEST_ID").put("magic", 0);
        return new LogRecord(bytes(key), bytes(JSON.createObjectNode().put("id", id)));
    }

    /** {@code url} is the writer chosen in election {@code generation}. */
    static LogRecord writer(String url, int generation, Instant since) {
        ObjectNode key = JSON.createObjectNode().put("keytype", "LEADER").put("magic", 0);
        return new LogRecord(
                bytes(key),
                bytes(JSON.createObjectNode()
                        .put("url", url)
                        .put("generation", generation)
                        .put("since", since.toString())));
    }

    private static ObjectNode schemaKey(String subject, int version) {
        return JSON.createObjectNode()
                .put("keytype", "SCHEMA")
                .put("subject", subject)
                .put("version", version)
                .put("magic", 1);
    }

    private static byte[] bytes(JsonNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }
}
