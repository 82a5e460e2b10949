package io.mgmtbus.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The registry's contents, rebuilt by replaying the schema log. Only {@link SchemaLog}'s reader
 * thread changes it; request threads read it. Soft-deleted versions stay here (marked) until a
 * tombstone removes them.
 */
final class SchemaState {

    private final Map<String, TreeMap<Integer, RegisteredSchema>> subjects = new HashMap<>();
    private final Map<String, CompatibilityLevel> subjectConfigs = new ConcurrentHashMap<>();
    private volatile CompatibilityLevel globalConfig = CompatibilityLevel.BACKWARD;
    private volatile String writerUrl;
    private volatile WriterListener writerListener;
    /** The highest id ever seen, deleted or not, so no id is handed out twice while this log is read. */
    private int maxId;
    /**
     * Every schema's id, kept after its versions are deleted for good: as in Confluent's registry,
     * a schema registered again gets its old id back (until compaction has removed every trace).
     */
    private final Map<SchemaIdentity, Integer> ids = new HashMap<>();

    synchronized void applySchema(RegisteredSchema schema) {
        subjects.computeIfAbsent(schema.subject(), s -> new TreeMap<>()).put(schema.version(), schema);
        maxId = Math.max(maxId, schema.id());
        ids.putIfAbsent(new SchemaIdentity(schema.schema(), schema.references()), schema.id());
    }

    synchronized void removeSchema(String subject, int version) {
        TreeMap<Integer, RegisteredSchema> versions = subjects.get(subject);
        if (versions != null) {
            versions.remove(version);
            if (versions.isEmpty()) {
                subjects.remove(subject);
            }
        }
    }

    void applyConfig(String subject, CompatibilityLevel level) {
        if (subject == null) {
            globalConfig = level == null ? CompatibilityLevel.BACKWARD : level;
        } else if (level == null) {
            subjectConfigs.remove(subject);
        } else {
            subjectConfigs.put(subject, level);
        }
    }

    synchronized void applyHighestId(int id) {
        maxId = Math.max(maxId, id);
    }

    /**
     * An instance announced it writes (chosen in election {@code generation}). The latest
     * announcement in the log is the instance holding the writer: an opening fences every earlier
     * writer, so a fenced one cannot commit an announcement after it.
     */
    void applyWriter(String url, int generation) {
        if (url == null) {
            return;
        }
        writerUrl = url;
        WriterListener listener = writerListener;
        if (listener != null) {
            listener.announced(url, generation);
        }
    }

    /** Tells {@code listener} of every writer announcement applied from now on. */
    void onWriterAnnounced(WriterListener listener) {
        writerListener = listener;
    }

    /** Hears writer announcements as the log is read. */
    interface WriterListener {
        void announced(String url, int generation);
    }

    /** The URL of the elected writer, as it announced itself in the log (null before any did). */
    String writerUrl() {
        return writerUrl;
    }

    /** The subjects with a live version (or any version, soft-deleted included), sorted. */
    synchronized List<String> subjects(boolean includeDeleted) {
        return subjects.entrySet().stream()
                .filter(e -> e.getValue().values().stream().anyMatch(live(includeDeleted)))
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
    }

    /** The subjects whose every version is soft-deleted, sorted. */
    synchronized List<String> deletedSubjects() {
        return subjects.entrySet().stream()
                .filter(e -> e.getValue().values().stream().allMatch(RegisteredSchema::deleted))
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
    }

    /** The versions of {@code subject}, oldest first (empty when it has none). */
    synchronized List<RegisteredSchema> versions(String subject, boolean includeDeleted) {
        TreeMap<Integer, RegisteredSchema> versions = subjects.get(subject);
        return versions == null
                ? List.of()
                : versions.values().stream().filter(live(includeDeleted)).toList();
    }

    /** The highest version number {@code subject} ever had while its versions are kept (0 when none). */
    synchronized int highestVersion(String subject) {
        TreeMap<Integer, RegisteredSchema> versions = subjects.get(subject);
        return versions == null || versions.isEmpty() ? 0 : versions.lastKey();
    }

    /** The id {@code identity} was given before (under any subject, deleted or not), so one schema keeps one id. */
    synchronized Optional<Integer> idOf(SchemaIdentity identity) {
        return Optional.ofNullable(ids.get(identity));
    }

    synchronized int nextId() {
        return maxId + 1;
    }

    synchronized int highestId() {
        return maxId;
    }

    /** A version holding schema {@code id} (live ones first), for the schema text and references by id. */
    synchronized Optional<RegisteredSchema> byId(int id) {
        return all().filter(r -> r.id() == id).min((a, b) -> Boolean.compare(a.deleted(), b.deleted()));
    }

    /** Every subject version holding schema {@code id}. */
    synchronized List<RegisteredSchema> versionsOfId(int id, boolean includeDeleted) {
        return all().filter(r -> r.id() == id).filter(live(includeDeleted)).toList();
    }

    /** The ids of live versions that take a named type from {@code subject} version {@code version}. */
    synchronized List<Integer> referencedBy(String subject, int version) {
        return all().filter(live(false))
                .filter(r -> r.references().stream()
                        .anyMatch(ref -> ref.subject().equals(subject) && ref.version() == version))
                .map(RegisteredSchema::id)
                .distinct()
                .sorted()
                .toList();
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

    private java.util.stream.Stream<RegisteredSchema> all() {
        List<RegisteredSchema> all = new ArrayList<>();
        subjects.values().forEach(v -> all.addAll(v.values()));
        return all.stream();
    }

    private static Predicate<RegisteredSchema> live(boolean includeDeleted) {
        return r -> includeDeleted || !r.deleted();
    }
}
