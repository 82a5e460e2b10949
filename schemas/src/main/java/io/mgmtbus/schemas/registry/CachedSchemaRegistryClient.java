package io.mgmtbus.schemas.registry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/** Remembers ids and schemas (both are immutable once registered) so the hot path makes no HTTP calls. */
public final class CachedSchemaRegistryClient implements SchemaRegistryClient {

    private record SubjectSchema(String subject, Schema schema) {}

    private final SchemaRegistryClient delegate;
    private final Map<SubjectSchema, Integer> registered = new ConcurrentHashMap<>();
    private final Map<SubjectSchema, Integer> lookedUp = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> byId = new ConcurrentHashMap<>();

    public CachedSchemaRegistryClient(SchemaRegistryClient delegate) {
        this.delegate = delegate;
    }

    @Override
    public int register(String subject, Schema schema) {
        return registered.computeIfAbsent(
                new SubjectSchema(subject, schema), k -> remember(delegate.register(subject, schema), schema));
    }

    @Override
    public int lookup(String subject, Schema schema) {
        return lookedUp.computeIfAbsent(
                new SubjectSchema(subject, schema), k -> remember(delegate.lookup(subject, schema), schema));
    }

    @Override
    public Schema schemaById(int id) {
        return byId.computeIfAbsent(id, delegate::schemaById);
    }

    private int remember(int id, Schema schema) {
        byId.putIfAbsent(id, schema);
        return id;
    }
}
