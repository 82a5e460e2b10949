package io.mgmtbus.history.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.IndexedRecord;

/**
 * The JSON shape of an audit event, shared by {@code mgmt audit -o json} and {@code GET /audit}:
 * {@code topic}, {@code partition}, {@code offset}, {@code timestamp}, {@code key} and the decoded
 * {@code event} with its Avro field names (instants as ISO-8601 text).
 */
public final class AuditJson {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AuditJson() {}

    public static ObjectNode of(AuditEvent event) {
        ObjectNode json = NODES.objectNode();
        json.put("topic", event.topic().label());
        json.put("partition", event.partition());
        json.put("offset", event.offset());
        json.put("timestamp", event.timestamp().toString());
        json.put("key", event.key());
        json.set("event", value(event.event()));
        if (event.problem() != null) {
            json.put("problem", event.problem());
        }
        return json;
    }

    /** One line of JSON per event. */
    public static String line(AuditEvent event) {
        try {
            return JSON.writeValueAsString(of(event));
        } catch (Exception e) {
            throw new IllegalStateException("cannot render an audit event as JSON", e);
        }
    }

    private static JsonNode value(Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof IndexedRecord record) {
            ObjectNode json = NODES.objectNode();
            for (Schema.Field field : record.getSchema().getFields()) {
                json.set(field.name(), value(record.get(field.pos())));
            }
            return json;
        }
        if (value instanceof List<?> list) {
            ArrayNode json = NODES.arrayNode();
            list.forEach(item -> json.add(value(item)));
            return json;
        }
        if (value instanceof CharSequence
                || value instanceof Instant
                || value instanceof Enum<?>
                || value instanceof GenericEnumSymbol<?>) {
            return NODES.textNode(value.toString());
        }
        return JSON.valueToTree(value);
    }
}
