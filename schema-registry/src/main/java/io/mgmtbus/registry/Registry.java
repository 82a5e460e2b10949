package io.mgmtbus.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.avro.Schema;

/**
 * What the registry does, independent of HTTP: registration with compatibility checks, deletes,
 * lookups and configuration. Writes happen only on the elected writer ({@link Leadership}); each
 * is serialized here and starts by reading the log to its end within the writer's term, so ids
 * and versions follow whatever any earlier writer wrote.
 */
final class Registry {

    private final SchemaState state;
    private final SchemaLog log;
    private final Leadership leadership;

    Registry(SchemaState state, SchemaLog log, Leadership leadership) {
        this.state = state;
        this.log = log;
        this.leadership = leadership;
    }

    /** What a client sends to register, look up or check a schema. */
    record Candidate(String schema, String schemaType, List<SchemaReference> references) {}

    synchronized RegisteredSchema register(String subject, Candidate candidate, boolean normalize) {
        long term = writerTerm();
        log.catchUp();
        AvroSchemas.Parsed parsed = parse(candidate, normalize);
        Optional<RegisteredSchema> existing = find(subject, parsed.identity(), false);
        if (existing.isPresent()) {
            return existing.get();
        }
        List<String> problems = problems(subject, parsed.schema());
        if (!problems.isEmpty()) {
            throw RegistryError.incompatible(subject, problems);
        }
        RegisteredSchema registered = new RegisteredSchema(
                subject,
                state.highestVersion(subject) + 1,
                state.idOf(parsed.identity()).orElseGet(state::nextId),
                parsed.identity().canonical(),
                parsed.identity().references(),
                false);
        // As Confluent does: the schema registered again replaces its soft-deleted versions in this subject.
        List<LogRecord> records = new ArrayList<>();
        state.versions(subject, true).stream()
                .filter(v -> v.deleted() && v.holds(parsed.identity()))
                .filter(v -> state.referencedBy(subject, v.version()).isEmpty())
                .forEach(v -> records.add(LogRecord.schemaTombstone(subject, v.version())));
        records.add(LogRecord.schema(registered));
        write(term, records);
        return registered;
    }

    /** The live version of {@code subject} already holding {@code candidate}, if any: a registration with nothing to write. */
    Optional<RegisteredSchema> registered(String subject, Candidate candidate, boolean normalize) {
        return find(subject, parse(candidate, normalize).identity(), false);
    }

    RegisteredSchema lookup(String subject, Candidate candidate, boolean normalize, boolean includeDeleted) {
        AvroSchemas.Parsed parsed = parse(candidate, normalize);
        if (state.versions(subject, includeDeleted).isEmpty()) {
            throw RegistryError.subjectNotFound(subject);
        }
        return find(subject, parsed.identity(), includeDeleted)
                .orElseThrow(() -> RegistryError.schemaNotFound("not found"));
    }

    /** The schema with {@code id}; a miss reads the log to its end once, for an id another instance just wrote. */
    RegisteredSchema schemaById(int id) {
        return state.byId(id)
                .or(() -> {
                    log.catchUp();
                    return state.byId(id);
                })
                .orElseThrow(() -> RegistryError.schemaNotFound(id));
    }

    List<RegisteredSchema> versionsOfId(int id, boolean includeDeleted) {
        schemaById(id);
        return state.versionsOfId(id, includeDeleted);
    }

    List<String> subjects(boolean includeDeleted, boolean deletedOnly, String prefix) {
        return (deletedOnly ? state.deletedSubjects() : state.subjects(includeDeleted))
                .stream().filter(s -> prefix == null || s.startsWith(prefix)).toList();
    }

    List<Integer> versions(String subject, boolean includeDeleted) {
        return versionsOf(subject, includeDeleted).stream()
                .map(RegisteredSchema::version)
                .toList();
    }

    RegisteredSchema version(String subject, String version, boolean includeDeleted) {
        List<RegisteredSchema> versions = versionsOf(subject, includeDeleted);
        if (isLatest(version)) {
            // "latest" is the latest live version, even where deleted ones are asked for.
            List<RegisteredSchema> live = state.versions(subject, false);
            if (live.isEmpty()) {
                throw RegistryError.versionNotFound("-1");
            }
            return live.get(live.size() - 1);
        }
        int number = versionNumber(version);
        return versions.stream()
                .filter(v -> v.version() == number)
                .findFirst()
                .orElseThrow(() -> RegistryError.versionNotFound(version));
    }

    List<Integer> referencedBy(String subject, String version) {
        return state.referencedBy(subject, version(subject, version, true).version());
    }

    /**
     * Problems that registering {@code candidate} would meet (empty = compatible): against one
     * version ({@code version} non-null, where transitivity does not apply) or, like a
     * registration, against the versions the subject's level names.
     */
    List<String> checkCompatibility(String subject, String version, Candidate candidate, boolean normalize) {
        Schema schema = parse(candidate, normalize).schema();
        if (version == null
                || (isLatest(version) && state.versions(subject, false).isEmpty())) {
            return problems(subject, schema); // nothing registered yet: compatible
        }
        if (state.versions(subject, false).isEmpty()) {
            throw RegistryError.versionNotFound(version);
        }
        Schema against = AvroSchemas.parseStored(version(subject, version, false), this::resolve);
        return state.effectiveConfig(subject).check(schema, List.of(against));
    }

    /** Soft-deletes every live version of {@code subject}, or (permanent) removes its soft-deleted ones. */
    synchronized List<Integer> deleteSubject(String subject, boolean permanent) {
        long term = writerTerm();
        log.catchUp();
        List<RegisteredSchema> all = versionsOf(subject, true);
        List<RegisteredSchema> live = state.versions(subject, false);
        if (permanent && !live.isEmpty()) {
            throw RegistryError.subjectNotSoftDeleted(subject);
        }
        if (!permanent && live.isEmpty()) {
            throw RegistryError.subjectSoftDeleted(subject);
        }
        List<RegisteredSchema> targets = permanent ? all : live;
        for (RegisteredSchema target : targets) {
            refuseWhenReferenced(target);
        }
        List<LogRecord> records = new ArrayList<>();
        for (RegisteredSchema target : targets) {
            records.add(
                    permanent
                            ? LogRecord.schemaTombstone(subject, target.version())
                            : LogRecord.schema(target.asDeleted()));
        }
        if (permanent) {
            records.add(LogRecord.highestId(state.highestId()));
            if (state.subjectConfig(subject).isPresent()) {
                records.add(LogRecord.config(subject, null));
            }
        }
        write(term, records);
        return targets.stream().map(RegisteredSchema::version).toList();
    }

    /** Soft-deletes one live version, or (permanent) removes a soft-deleted one. */
    synchronized int deleteVersion(String subject, String version, boolean permanent) {
        long term = writerTerm();
        log.catchUp();
        RegisteredSchema target = version(subject, version, true); // 40401 when the subject has no version at all
        if (permanent && !target.deleted()) {
            throw RegistryError.versionNotSoftDeleted(subject, target.version());
        }
        if (!permanent && target.deleted()) {
            throw RegistryError.versionSoftDeleted(subject, target.version());
        }
        refuseWhenReferenced(target);
        write(
                term,
                permanent
                        ? List.of(
                                LogRecord.schemaTombstone(subject, target.version()),
                                LogRecord.highestId(state.highestId()))
                        : List.of(LogRecord.schema(target.asDeleted())));
        return target.version();
    }

    CompatibilityLevel globalConfig() {
        return state.globalConfig();
    }

    CompatibilityLevel subjectConfig(String subject, boolean defaultToGlobal) {
        return state.subjectConfig(subject).orElseGet(() -> {
            if (defaultToGlobal) {
                return state.globalConfig();
            }
            throw RegistryError.subjectConfigNotFound(subject);
        });
    }

    synchronized CompatibilityLevel setConfig(String subject, String levelName) {
        long term = writerTerm();
        CompatibilityLevel level = CompatibilityLevel.parse(levelName);
        if (level == null) {
            throw RegistryError.invalidCompatibility(levelName);
        }
        write(term, List.of(LogRecord.config(subject, level)));
        return level;
    }

    /** Removes {@code subject}'s own level (it follows the global one again); returns the level it had. */
    synchronized CompatibilityLevel deleteConfig(String subject) {
        long term = writerTerm();
        log.catchUp();
        CompatibilityLevel previous =
                state.subjectConfig(subject).orElseThrow(() -> RegistryError.subjectNotFound(subject));
        write(term, List.of(LogRecord.config(subject, null)));
        return previous;
    }

    /** Reads the log to its end, so this instance answers with what the writer just wrote (after a forward). */
    void catchUp() {
        log.catchUp();
    }

    /** The term this instance writes in; only the writer may start a write. */
    private long writerTerm() {
        return leadership.term().orElseThrow(leadership::notTheWriter);
    }

    private void write(long term, List<LogRecord> records) {
        long offset = leadership.append(term, records);
        log.awaitApplied(offset + 1);
    }

    private void refuseWhenReferenced(RegisteredSchema target) {
        if (!state.referencedBy(target.subject(), target.version()).isEmpty()) {
            throw RegistryError.referenced(target.subject(), target.version());
        }
    }

    private Optional<RegisteredSchema> find(String subject, SchemaIdentity identity, boolean includeDeleted) {
        List<RegisteredSchema> versions = state.versions(subject, includeDeleted);
        return versions.stream().filter(v -> v.holds(identity)).reduce((first, later) -> later);
    }

    private AvroSchemas.Parsed parse(Candidate candidate, boolean normalize) {
        // A reference to version -1 means the latest; it is stored (and identified) by its number.
        List<SchemaReference> references = candidate.references().stream()
                .map(r -> r.version() == -1
                        ? new SchemaReference(r.name(), r.subject(), resolve(r).version())
                        : r)
                .toList();
        return AvroSchemas.parse(candidate.schema(), candidate.schemaType(), references, this::resolve, normalize);
    }

    /** What registering {@code candidate} under {@code subject} would meet, by the subject's level. */
    private List<String> problems(String subject, Schema candidate) {
        CompatibilityLevel level = state.effectiveConfig(subject);
        List<RegisteredSchema> live = state.versions(subject, false);
        // Only the versions the level looks at are parsed: the latest one, unless it is transitive.
        List<RegisteredSchema> against =
                level.transitive() ? live : live.subList(Math.max(0, live.size() - 1), live.size());
        Function<RegisteredSchema, Schema> parse = stored -> AvroSchemas.parseStored(stored, this::resolve);
        return level.check(candidate, against.stream().map(parse).toList());
    }

    /** The version a reference names; a reference to nothing makes the schema invalid. */
    private RegisteredSchema resolve(SchemaReference reference) {
        List<RegisteredSchema> versions = state.versions(reference.subject(), true);
        List<RegisteredSchema> live = state.versions(reference.subject(), false);
        Optional<RegisteredSchema> target = reference.version() == -1
                ? live.stream().reduce((first, later) -> later)
                : versions.stream()
                        .filter(v -> v.version() == reference.version())
                        .findFirst();
        return target.orElseThrow(() -> RegistryError.invalidSchema("Invalid schema: reference " + reference.name()
                + ": No schema reference found for subject \"" + reference.subject() + "\" and version "
                + reference.version()));
    }

    private List<RegisteredSchema> versionsOf(String subject, boolean includeDeleted) {
        List<RegisteredSchema> versions = state.versions(subject, includeDeleted);
        if (versions.isEmpty()) {
            throw RegistryError.subjectNotFound(subject);
        }
        return versions;
    }

    private static boolean isLatest(String version) {
        return "latest".equals(version) || "-1".equals(version);
    }

    private static int versionNumber(String version) {
        try {
            int number = Integer.parseInt(version);
            if (number >= 1) {
                return number;
            }
        } catch (NumberFormatException e) {
            // not a number: the same error as a number out of range
        }
        throw RegistryError.invalidVersion(version);
    }
}
