package io.mgmtbus.node.identity;

import com.fasterxml.jackson.databind.node.NullNode;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The named values a node exposes to {@code get_id_value} (Zeek's global identifiers): its own
 * settings, build and JVM facts, system properties ({@code sys.<name>}) and whatever the
 * embedding application registers. Values are read when asked, so they are always current.
 */
public final class Identifiers {

    private final Map<String, Supplier<Object>> values = new ConcurrentHashMap<>();

    /** Registers (or replaces) an identifier; the supplier is called on each lookup. */
    public Identifiers register(String name, Supplier<Object> value) {
        values.put(name, value);
        return this;
    }

    /** The identifier's current value, or empty when no such identifier exists. */
    public Optional<Object> lookup(String name) {
        Supplier<Object> supplier = values.get(name);
        if (supplier != null) {
            return Optional.of(nullSafe(supplier.get()));
        }
        if (name.startsWith(SYSTEM_PROPERTY_PREFIX)) {
            return Optional.ofNullable(System.getProperty(name.substring(SYSTEM_PROPERTY_PREFIX.length())));
        }
        return Optional.empty();
    }

    /** Prefix under which every JVM system property is readable, e.g. {@code sys.java.version}. */
    public static final String SYSTEM_PROPERTY_PREFIX = "sys.";

    private static Object nullSafe(Object value) {
        return value == null
                ? NullNode.getInstance()
                : value; // a registered identifier may be null; it reads as JSON null
    }
}
