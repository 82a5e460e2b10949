package io.mgmtbus.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The normal form {@code ?normalize=true} compares, after Confluent's: the canonical text with
 * custom properties in key order and aliases sorted, so schemas that differ only in such order
 * are one schema. (Avro's own rendering already fixes the order of its reserved attributes,
 * whitespace, primitive shorthand and namespaces.) Defaults are left as written.
 */
final class AvroNormalForm {

    /** Avro's own attributes, which keep the place Avro gives them; every other key is a custom property. */
    private static final List<String> RESERVED = List.of(
            "type",
            "name",
            "namespace",
            "doc",
            "aliases",
            "fields",
            "symbols",
            "items",
            "values",
            "size",
            "default",
            "order");

    private static final ObjectMapper JSON = new ObjectMapper();

    private AvroNormalForm() {}

    /** The normal form of a canonical schema text (itself canonical text: it parses to the same schema). */
    static String of(String canonical) {
        try {
            return JSON.writeValueAsString(normalize(JSON.readTree(canonical)));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a schema text: " + e.getOriginalMessage(), e);
        }
    }

    private static JsonNode normalize(JsonNode node) {
        if (node.isArray()) {
            ArrayNode array = JSON.createArrayNode();
            node.forEach(element -> array.add(normalize(element)));
            return array;
        }
        if (!node.isObject()) {
            return node;
        }
        ObjectNode normal = JSON.createObjectNode();
        Map<String, JsonNode> custom = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!RESERVED.contains(field.getKey())) {
                custom.put(field.getKey(), field.getValue());
            }
        }
        for (String key : RESERVED) {
            JsonNode value = node.get(key);
            if (value == null) {
                continue;
            }
            if (key.equals("aliases") && value.isArray()) {
                List<String> aliases = new ArrayList<>();
                value.forEach(alias -> aliases.add(alias.asText()));
                aliases.sort(null);
                ArrayNode sorted = normal.putArray(key);
                aliases.forEach(sorted::add);
            } else if (key.equals("default") || key.equals("doc") || key.equals("symbols")) {
                normal.set(key, value); // values, not schemas: as written
            } else {
                normal.set(key, normalize(value));
            }
        }
        custom.forEach(normal::set);
        return normal;
    }
}
