package io.mgmtbus.contracts.targeting;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which nodes a request is for, by their labels: Kubernetes label-selector syntax, plus globs.
 * Requirements are separated by commas and must all hold:
 *
 * <pre>
 *   role=worker            label equals (also role==worker)
 *   role!=manager          label differs, or is absent
 *   rack in (3,4)          label is one of
 *   rack notin (1,2)       label is none of, or is absent
 *   canary                 label is present
 *   !canary                label is absent
 *   name=worker-*          the node's name (the reserved key "name"); '*' and '?' glob in any value
 * </pre>
 *
 * The one matcher of the bus: nodes filter themselves with it and the streams-app uses it to know
 * whom to wait for, so both always agree on who is targeted.
 */
public final class Selector {

    /** Longest selector: far more than any real one, small enough that every node parses it cheaply. */
    public static final int MAX_LENGTH = 4096;

    /** The key that means the node's name rather than a label. */
    public static final String NAME_KEY = "name";

    private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9._*?-]*");

    private enum Operator {
        EQUALS,
        NOT_EQUALS,
        IN,
        NOT_IN,
        EXISTS,
        NOT_EXISTS
    }

    private record Requirement(String key, Operator operator, List<String> values) {

        boolean matches(String node, Map<String, String> labels) {
            String actual = NAME_KEY.equals(key) ? node : labels.get(key);
            return switch (operator) {
                case EXISTS -> actual != null;
                case NOT_EXISTS -> actual == null;
                case EQUALS, IN -> actual != null && anyMatches(actual);
                case NOT_EQUALS, NOT_IN -> actual == null || !anyMatches(actual);
            };
        }

        private boolean anyMatches(String actual) {
            return values.stream().anyMatch(glob -> globMatches(glob, actual));
        }
    }

    private final String expression;
    private final List<Requirement> requirements;

    private Selector(String expression, List<Requirement> requirements) {
        this.expression = expression;
        this.requirements = requirements;
    }

    /**
     * Parses a selector.
     *
     * @throws InvalidSelector with the position and what was expected, for an operator to fix
     */
    public static Selector parse(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new InvalidSelector(String.valueOf(expression), "the selector is empty");
        }
        if (expression.length() > MAX_LENGTH) {
            throw new InvalidSelector(
                    expression.substring(0, 40) + "...",
                    "it has " + expression.length() + " characters; at most " + MAX_LENGTH + " are allowed");
        }
        return new Selector(expression.trim(), new Parser(expression).requirements());
    }

    /** Whether the node {@code node} with {@code labels} is selected. */
    public boolean matches(String node, Map<String, String> labels) {
        Map<String, String> known = labels == null ? Map.of() : labels;
        return requirements.stream().allMatch(r -> r.matches(node, known));
    }

    /** The expression as written (trimmed), for messages and the request record. */
    public String expression() {
        return expression;
    }

    @Override
    public String toString() {
        return expression;
    }

    /** A selector that does not parse; the message says where and why. */
    public static final class InvalidSelector extends IllegalArgumentException {
        InvalidSelector(String expression, String why) {
            super("invalid selector '" + expression + "': " + why);
        }
    }

    /** Recursive descent over the small grammar above; positions in messages are 1-based. */
    private static final class Parser {
        private final String text;
        private int at;

        Parser(String text) {
            this.text = text;
        }

        List<Requirement> requirements() {
            List<Requirement> result = new ArrayList<>();
            do {
                result.add(requirement());
                skipSpaces();
            } while (take(","));
            if (at < text.length()) {
                throw fail("expected ',' or the end");
            }
            return List.copyOf(result);
        }

        private Requirement requirement() {
            skipSpaces();
            if (take("!")) {
                skipSpaces();
                return new Requirement(key(), Operator.NOT_EXISTS, List.of());
            }
            String key = key();
            skipSpaces();
            if (take("==") || take("=")) {
                return new Requirement(key, Operator.EQUALS, List.of(value()));
            }
            if (take("!=")) {
                return new Requirement(key, Operator.NOT_EQUALS, List.of(value()));
            }
            if (takeWord("notin")) {
                return new Requirement(key, Operator.NOT_IN, valueSet());
            }
            if (takeWord("in")) {
                return new Requirement(key, Operator.IN, valueSet());
            }
            return new Requirement(key, Operator.EXISTS, List.of());
        }

        private String key() {
            int start = at;
            while (at < text.length() && "=!,() ".indexOf(text.charAt(at)) < 0) {
                at++;
            }
            String key = text.substring(start, at);
            if (key.isEmpty()) {
                at = start;
                throw fail("expected a label key");
            }
            if (key.length() > Labels.MAX_LENGTH || !Labels.KEY.matcher(key).matches()) {
                at = start;
                throw fail("'" + key + "' is not a label key (letters, digits, '.', '_', '/', '-';"
                        + " starting and ending with a letter or digit)");
            }
            return key;
        }

        private String value() {
            skipSpaces();
            int start = at;
            while (at < text.length() && ",() ".indexOf(text.charAt(at)) < 0) {
                at++;
            }
            String value = text.substring(start, at);
            if (value.length() > Labels.MAX_LENGTH || !VALUE.matcher(value).matches()) {
                at = start;
                throw fail("'" + value + "' is not a label value (letters, digits, '.', '_', '-', and the globs"
                        + " '*' and '?')");
            }
            return value;
        }

        private List<String> valueSet() {
            skipSpaces();
            if (!take("(")) {
                throw fail("expected '(' to open the value set");
            }
            List<String> values = new ArrayList<>();
            do {
                values.add(value());
                skipSpaces();
            } while (take(","));
            if (!take(")")) {
                throw fail("expected ',' or ')' in the value set");
            }
            return List.copyOf(values);
        }

        private boolean take(String token) {
            if (text.startsWith(token, at)) {
                at += token.length();
                return true;
            }
            return false;
        }

        /** A word operator, which needs a space or '(' after it (so a key like "inbox" is not "in"). */
        private boolean takeWord(String word) {
            int end = at + word.length();
            if (text.startsWith(word, at)
                    && end < text.length()
                    && (text.charAt(end) == ' ' || text.charAt(end) == '(')) {
                at = end;
                return true;
            }
            return false;
        }

        private void skipSpaces() {
            while (at < text.length() && text.charAt(at) == ' ') {
                at++;
            }
        }

        private InvalidSelector fail(String why) {
            return new InvalidSelector(text.trim(), why + " at position " + (at + 1));
        }
    }

    /**
     * Whether {@code text} matches {@code glob} ('*' any run of characters, '?' one, everything
     * else literal). Iterative, backtracking only to the last '*': at most length(glob) x
     * length(text) steps, so no selector any client writes can make a node or the streams-app
     * spin (a regular expression such as {@code .*a.*a.*a...b} can take exponential time).
     */
    static boolean globMatches(String glob, String text) {
        int g = 0;
        int t = 0;
        int star = -1;
        int resume = 0;
        while (t < text.length()) {
            if (g < glob.length() && (glob.charAt(g) == '?' || glob.charAt(g) == text.charAt(t))) {
                g++;
                t++;
            } else if (g < glob.length() && glob.charAt(g) == '*') {
                star = g++;
                resume = t;
            } else if (star >= 0) {
                g = star + 1;
                t = ++resume;
            } else {
                return false;
            }
        }
        while (g < glob.length() && glob.charAt(g) == '*') {
            g++;
        }
        return g == glob.length();
    }
}
