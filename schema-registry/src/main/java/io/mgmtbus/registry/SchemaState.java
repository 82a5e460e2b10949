package io.mgmtbus.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * The registry's contents, rebuilt by replaying the {@code _schemas} topic. Only
 * {@link SchemaLog}'s reader thread changes it; request threads read it.
 */
final class SchemaState {

    private final Map<Integer, String> schemasById = new ConcurrentHashMap<>();
    private final Map<String, TreeMap<Integer, RegisteredSchema>> subjects = new ConcurrentHashMap<>();
    private final Map<String, CompatibilityLevel> subjectConfigs = new ConcurrentHashMap<>();
    private volatile CompatibilityLevel globalConfig = CompatibilityLevel.BACKWARD;

    synchronized void applySchema(RegisteredSchema schema) {
        schemasById.putIfAbsent(schema.id(), schema.schema());
        subjects.computeIfAbsent(schema.subject(), s -> new TreeMap<>()).put(schema.version(), schema);
    }

    void applyConfig(String subject, CompatibilityLevel level) {
        if (subject == null) {
            globalConfig = level;
        } else if (level == null) {
            subjectConfigs.remove(subject);
        } else {
            subjectConfigs.put(subject, level);
        }
    }

    Optional<String> schemaById(int id) {
        return Optional.ofNullable(schemasById.get(id));
    }

    synchronized List<String> subjects() {
        return subjects.keySet().stream().sorted().toList();
    }

    synchronized Optional<List<RegisteredSchema>> versions(String subject) {
        TreeMap<Integer, RegisteredSchema> versions = subjects.get(subject);
        return versions == null ? Optional.empty() : Optional.of(List.copyOf(versions.values()));
    }

    /** The version of {@code subject} whose schema equals {@code schema}, if any. */
    synchronized Optional<RegisteredSchema> find(String subject, Schema schema) {
        return versions(subject).orElse(List.of()).stream()
                .filter(r -> parse(r.schema()).equals(schema))
                .findFirst();
    }

    /** The id an equal schema already has under any subject, so one schema keeps one id. */
    synchronized Optional<Integer> idOf(Schema schema) {
        return schemasById.entrySet().stream()
                .filter(e -> parse(e.getValue()).equals(schema))
                .map(Map.Entry::getKey)
                .min(Integer::compare);
    }

    synchronized int nextId() {
        return schemasById.keySet().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
    }

    CompatibilityLevel globalConfig() {
        return globalConfig;
    }

    Optional<CompatibilityLevel> subjectConfig(String subject) {
        return Optional.ofNullable(subjectConfigs.get(subject));
    }

    CompatibilityLevel effectiveConfig(String subject) {
        return subjectConfig(subject).orElse(globalConfig);
    }

    List<Schema> parsedVersions(String subject) {
        List<Schema> parsed = new ArrayList<>();
        versions(subject).orElse(List.of()).forEach(r -> parsed.add(parse(r.schema())));
        return parsed;
    }

    /** Stored schema texts were valid when registered; each is parsed once and then reused. */
    static Schema parse(String schema) {
        return PARSED.computeIfAbsent(schema, text -> new Schema.Parser().parse(text));
    }

    private static final Map<String, Schema> PARSED = new ConcurrentHashMap<>();
}
