package io.mgmtbus.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;

/**
 * Turns a registration's text and references into a parsed Avro schema and its
 * {@link SchemaIdentity}, the way Confluent's registry does: referenced subjects' schemas are
 * parsed first (depth first, each once) into the same parser, so their named types resolve, and
 * the canonical text names those types rather than repeating them.
 */
final class AvroSchemas {

    /** The schema types Confluent's registry knows; only AVRO is served here. */
    static final Set<String> OTHER_TYPES = Set.of("JSON", "PROTOBUF");

    /** How deep references may nest: a cycle in hand-written references must not recurse forever. */
    private static final int MAX_REFERENCE_DEPTH = 32;

    private AvroSchemas() {}

    /** A parsed schema with what identifies it. */
    record Parsed(Schema schema, SchemaIdentity identity, List<Schema> referenced) {}

    /**
     * @param resolve finds the version a reference names, throwing a {@link RegistryError} when
     *     there is none
     */
    static Parsed parse(
            String text,
            String schemaType,
            List<SchemaReference> references,
            Function<SchemaReference, RegisteredSchema> resolve,
            boolean normalize) {
        checkType(schemaType);
        if (text == null || text.isBlank()) {
            throw RegistryError.invalidSchema("Empty schema");
        }
        Map<String, RegisteredSchema> resolved = new LinkedHashMap<>();
        collect(references, resolve, resolved, 0);
        try {
            Parsed parsed = parse(text, references, resolved.values());
            // Normalizing reorders text only: the normal form parses again to a schema with Avro's rendering.
            return normalize
                    ? parse(AvroNormalForm.of(parsed.identity().canonical()), references, resolved.values())
                    : parsed;
        } catch (AvroRuntimeException | IllegalArgumentException e) {
            throw RegistryError.invalidSchema("Invalid schema: " + reason(e));
        }
    }

    private static Parsed parse(String text, List<SchemaReference> references, Iterable<RegisteredSchema> resolved) {
        Schema.Parser parser = new Schema.Parser();
        List<Schema> referenced = new ArrayList<>();
        for (RegisteredSchema dependency : resolved) {
            referenced.add(parser.parse(dependency.schema()));
        }
        Schema schema = parser.parse(text);
        String canonical = referenced.isEmpty() ? schema.toString() : schema.toString(referenced, false);
        return new Parsed(schema, new SchemaIdentity(canonical, references), referenced);
    }

    /** A stored version, parsed with its references (it was valid when registered). */
    static Schema parseStored(RegisteredSchema stored, Function<SchemaReference, RegisteredSchema> resolve) {
        return parse(stored.schema(), null, stored.references(), resolve, false).schema();
    }

    /** Avro's reason, without the JSON parser's internals when the text is not JSON at all. */
    private static String reason(RuntimeException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonProcessingException json) {
                var where = json.getLocation();
                return "not JSON: " + json.getOriginalMessage()
                        + (where == null
                                ? ""
                                : " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")");
            }
        }
        return e.getMessage();
    }

    static void checkType(String schemaType) {
        if (schemaType == null || schemaType.equalsIgnoreCase("AVRO")) {
            return;
        }
        String type = schemaType.toUpperCase(Locale.ROOT);
        if (OTHER_TYPES.contains(type)) {
            throw RegistryError.invalidSchema("Invalid schema type " + type
                    + ": this registry serves AVRO only; use Confluent's Schema Registry for JSON Schema and Protobuf");
        }
        throw RegistryError.invalidSchema("Invalid schema type " + schemaType + ": this registry serves AVRO only");
    }

    private static void collect(
            List<SchemaReference> references,
            Function<SchemaReference, RegisteredSchema> resolve,
            Map<String, RegisteredSchema> resolved,
            int depth) {
        if (depth > MAX_REFERENCE_DEPTH) {
            throw RegistryError.invalidSchema(
                    "Invalid schema: references nest deeper than " + MAX_REFERENCE_DEPTH + " levels");
        }
        for (SchemaReference reference : references) {
            String key = reference.subject() + "@" + reference.version();
            if (resolved.containsKey(key)) {
                continue;
            }
            RegisteredSchema target = resolve.apply(reference);
            collect(target.references(), resolve, resolved, depth + 1);
            resolved.putIfAbsent(key, target);
        }
    }
}
