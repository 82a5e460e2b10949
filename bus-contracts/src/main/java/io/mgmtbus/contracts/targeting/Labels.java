package io.mgmtbus.contracts.targeting;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The labels a node carries in its hello (role, rack, canary...), by which a {@link Selector}
 * picks it. Keys and values keep to Kubernetes' label characters, so every selector can name
 * them; the key {@value Selector#NAME_KEY} is reserved for the node's name.
 */
public final class Labels {

    /** Longest key or value. */
    public static final int MAX_LENGTH = 63;
    /** Most labels one node may carry. */
    public static final int MAX_LABELS = 64;

    /** What a label key looks like; selectors name keys by the same rule. */
    static final Pattern KEY = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._/-]*[A-Za-z0-9])?");

    private static final Pattern VALUE = Pattern.compile("([A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?)?");

    private Labels() {}

    /** Why {@code labels} cannot be a node's labels, or empty when they can. */
    public static Optional<String> problem(Map<String, String> labels) {
        if (labels.size() > MAX_LABELS) {
            return Optional.of("a node carries at most " + MAX_LABELS + " labels, not " + labels.size());
        }
        for (Map.Entry<String, String> label : labels.entrySet()) {
            String key = label.getKey();
            String value = label.getValue();
            if (Selector.NAME_KEY.equals(key)) {
                return Optional.of("the label key '" + Selector.NAME_KEY + "' is reserved: selectors use it for the"
                        + " node's name");
            }
            if (key == null || key.length() > MAX_LENGTH || !KEY.matcher(key).matches()) {
                return Optional.of("'" + key + "' is not a label key: 1-" + MAX_LENGTH
                        + " letters, digits, '.', '_', '/' or '-', starting and ending with a letter or digit");
            }
            if (value == null
                    || value.length() > MAX_LENGTH
                    || !VALUE.matcher(value).matches()) {
                return Optional.of("'" + value + "' is not a value of label '" + key + "': up to " + MAX_LENGTH
                        + " letters, digits, '.', '_' or '-', starting and ending with a letter or digit");
            }
        }
        return Optional.empty();
    }

    /** The labels, checked and sorted by key. */
    public static Map<String, String> checked(Map<String, String> labels) {
        problem(labels).ifPresent(why -> {
            throw new IllegalArgumentException(why);
        });
        return Map.copyOf(new TreeMap<>(labels));
    }

    /** Parses {@code key=value} as written on a command line. */
    public static Map.Entry<String, String> parse(String text) {
        int equals = text.indexOf('=');
        if (equals <= 0) {
            throw new IllegalArgumentException("a label is written key=value, e.g. role=worker, not '" + text + "'");
        }
        return Map.entry(
                text.substring(0, equals).trim(), text.substring(equals + 1).trim());
    }
}
