package io.mgmtbus.schemas.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * A registry held in memory, reached with {@code schema.registry.url=mock://<scope>} (the same
 * convention Confluent's serdes use). Only for tests without a broker, such as TopologyTestDriver
 * tests; it performs no compatibility checks.
 */
public final class InMemorySchemaRegistryClient implements SchemaRegistryClient {

    static final String SCHEME = "mock://";
    private static final Map<String, InMemorySchemaRegistryClient> SCOPES = new ConcurrentHashMap<>();

    private final List<Schema> schemas = new ArrayList<>();
    private final Map<String, List<Integer>> subjects = new ConcurrentHashMap<>();

    static InMemorySchemaRegistryClient scope(String scope) {
        return SCOPES.computeIfAbsent(scope, s -> new InMemorySchemaRegistryClient());
    }

    /** Forgets a scope, so the next test starts empty. */
    public static void dropScope(String scope) {
        SCOPES.remove(scope);
    }

    @Override
    public synchronized int register(String subject, Schema schema) {
        int id = schemas.indexOf(schema);
        if (id < 0) {
            schemas.add(schema);
            id = schemas.size() - 1;
        }
        List<Integer> versions = subjects.computeIfAbsent(subject, s -> new ArrayList<>());
        if (!versions.contains(id + 1)) {
            versions.add(id + 1);
        }
        return id + 1;
    }

    @Override
    public synchronized int lookup(String subject, Schema schema) {
        int id = schemas.indexOf(schema) + 1;
        if (id == 0 || !subjects.getOrDefault(subject, List.of()).contains(id)) {
            throw new SchemaRegistryException(
                    SchemaRegistryException.SCHEMA_NOT_FOUND, "Schema not found under subject " + subject);
        }
        return id;
    }

    @Override
    public synchronized Schema schemaById(int id) {
        if (id < 1 || id > schemas.size()) {
            throw new SchemaRegistryException(SchemaRegistryException.SCHEMA_NOT_FOUND, "Schema " + id + " not found");
        }
        return schemas.get(id - 1);
    }
}
