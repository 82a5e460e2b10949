package io.mgmtbus.registry;

import java.util.List;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;

/**
 * What the registry does, independent of HTTP: registration with compatibility checks, lookups
 * and configuration. Registration is serialized in this instance and starts by reading the log
 * to its end, so ids and versions follow whatever any instance wrote before. Two instances
 * registering at the same instant could still collide (Confluent elects a leader for that):
 * run one writing instance per cluster; any number may read.
 */
final class Registry {

    private final SchemaState state;
    private final SchemaLog log;

    Registry(SchemaState state, SchemaLog log) {
        this.state = state;
        this.log = log;
    }

    synchronized int register(String subject, String schemaText, String schemaType) {
        Schema schema = parse(schemaText, schemaType);
        log.catchUp();
        var existing = state.find(subject, schema);
        if (existing.isPresent()) {
            return existing.get().id();
        }
        List<String> problems = state.effectiveConfig(subject).check(schema, state.parsedVersions(subject));
        if (!problems.isEmpty()) {
            throw RegistryError.incompatible(subject, problems);
        }
        int id = state.idOf(schema).orElseGet(state::nextId);
        int version = state.versions(subject)
                .map(v -> v.get(v.size() - 1).version() + 1)
                .orElse(1);
        log.appendSchema(new RegisteredSchema(subject, version, id, schema.toString()));
        return id;
    }

    RegisteredSchema lookup(String subject, String schemaText, String schemaType) {
        Schema schema = parse(schemaText, schemaType);
        if (state.versions(subject).isEmpty()) {
            throw RegistryError.subjectNotFound(subject);
        }
        return state.find(subject, schema)
                .orElseThrow(() -> RegistryError.schemaNotFound("under subject '" + subject + "'"));
    }

    String schemaById(int id) {
        return state.schemaById(id).orElseThrow(() -> RegistryError.schemaNotFound(Integer.toString(id)));
    }

    List<String> subjects() {
        return state.subjects();
    }

    List<Integer> versions(String subject) {
        return versionsOf(subject).stream().map(RegisteredSchema::version).toList();
    }

    RegisteredSchema version(String subject, String version) {
        List<RegisteredSchema> versions = versionsOf(subject);
        if ("latest".equals(version) || "-1".equals(version)) {
            return versions.get(versions.size() - 1);
        }
        int number;
        try {
            number = Integer.parseInt(version);
        } catch (NumberFormatException e) {
            throw RegistryError.invalidVersion(version);
        }
        if (number < 1) {
            throw RegistryError.invalidVersion(version);
        }
        return versions.stream()
                .filter(v -> v.version() == number)
                .findFirst()
                .orElseThrow(() -> RegistryError.versionNotFound(version));
    }

    /** Problems that registering {@code schemaText} would meet against one version (empty = compatible). */
    List<String> checkCompatibility(String subject, String version, String schemaText, String schemaType) {
        Schema candidate = parse(schemaText, schemaType);
        if (state.versions(subject).isEmpty()) {
            return List.of(); // nothing to be incompatible with
        }
        Schema against = parseStored(version(subject, version).schema());
        CompatibilityLevel level = state.effectiveConfig(subject);
        // The check is against the one named version, so transitivity does not apply.
        return level.check(candidate, List.of(against));
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
        log.catchUp();
        CompatibilityLevel level = CompatibilityLevel.parse(levelName);
        if (level == null) {
            throw RegistryError.invalidCompatibility(levelName);
        }
        log.appendConfig(subject, level);
        return level;
    }

    private List<RegisteredSchema> versionsOf(String subject) {
        return state.versions(subject).orElseThrow(() -> RegistryError.subjectNotFound(subject));
    }

    private static Schema parse(String schemaText, String schemaType) {
        if (schemaType != null && !schemaType.equalsIgnoreCase("AVRO")) {
            throw RegistryError.invalidSchema("schemaType " + schemaType + " is not supported (only AVRO)");
        }
        if (schemaText == null || schemaText.isBlank()) {
            throw RegistryError.invalidSchema("the request has no \"schema\"");
        }
        try {
            return new Schema.Parser().parse(schemaText);
        } catch (AvroRuntimeException e) {
            throw RegistryError.invalidSchema(e.getMessage());
        }
    }

    private static Schema parseStored(String schemaText) {
        return SchemaState.parse(schemaText);
    }
}
