package io.mgmtbus.contracts.dispatch;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How big a request may be. Every reader applies the same limits ({@link
 * io.mgmtbus.contracts.records.RecordRules#request}): a node must not run an action the
 * streams-app refuses to open, and the agent refuses with HTTP 400 what the bus would refuse
 * anyway. Each limit can be changed with an environment variable, which must then be the same
 * for every component of the bus.
 *
 * @param maxActionArguments action elements after the command
 * @param maxArgumentLength characters in one action element (the command included)
 * @param maxTargetNames node names one request may name
 * @param maxNameLength characters in one node name
 */
public record RequestLimits(int maxActionArguments, int maxArgumentLength, int maxTargetNames, int maxNameLength) {

    public static final String MAX_ACTION_ARGUMENTS_ENV = "MGMT_MAX_ACTION_ARGUMENTS";
    public static final String MAX_ARGUMENT_LENGTH_ENV = "MGMT_MAX_ARGUMENT_LENGTH";
    public static final String MAX_TARGET_NAMES_ENV = "MGMT_MAX_TARGET_NAMES";
    public static final String MAX_NAME_LENGTH_ENV = "MGMT_MAX_NAME_LENGTH";

    /**
     * 64 arguments of 8 KiB and 2,000 names of 200 characters: room for real use, while the largest
     * ASCII request (about 0.9 MB) stays under Kafka's default 1 MB record; the producer refuses a larger one.
     */
    public static final RequestLimits DEFAULTS = new RequestLimits(64, 8_192, 2_000, 200);

    private static final RequestLimits CURRENT = fromEnvironment(System.getenv());

    public RequestLimits {
        if (maxActionArguments < 0 || maxArgumentLength < 1 || maxTargetNames < 0 || maxNameLength < 1) {
            throw new IllegalArgumentException("request limits must be positive: " + maxActionArguments + ", "
                    + maxArgumentLength + ", " + maxTargetNames + ", " + maxNameLength);
        }
    }

    /** The limits of this process: the defaults, changed by the environment variables above. */
    public static RequestLimits current() {
        return CURRENT;
    }

    static RequestLimits fromEnvironment(Map<String, String> env) {
        return new RequestLimits(
                number(env, MAX_ACTION_ARGUMENTS_ENV, DEFAULTS.maxActionArguments),
                number(env, MAX_ARGUMENT_LENGTH_ENV, DEFAULTS.maxArgumentLength),
                number(env, MAX_TARGET_NAMES_ENV, DEFAULTS.maxTargetNames),
                number(env, MAX_NAME_LENGTH_ENV, DEFAULTS.maxNameLength));
    }

    private static int number(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, not '" + value + "'");
        }
    }

    /** Why {@code action} and {@code nodes} exceed these limits, or empty when they do not. */
    public Optional<String> check(List<String> action, List<String> nodes) {
        if (action.size() - 1 > maxActionArguments) {
            return Optional.of("the action has " + (action.size() - 1) + " arguments; at most " + maxActionArguments
                    + " are allowed (" + MAX_ACTION_ARGUMENTS_ENV + ")");
        }
        for (String element : action) {
            if (element != null && element.length() > maxArgumentLength) {
                return Optional.of("an action element has " + element.length() + " characters; at most "
                        + maxArgumentLength + " are allowed (" + MAX_ARGUMENT_LENGTH_ENV + ")");
            }
        }
        if (nodes.size() > maxTargetNames) {
            return Optional.of("the request names " + nodes.size() + " nodes; at most " + maxTargetNames
                    + " are allowed (" + MAX_TARGET_NAMES_ENV + "); an empty list targets all nodes");
        }
        for (String node : nodes) {
            if (node != null && node.length() > maxNameLength) {
                return Optional.of("a node name has " + node.length() + " characters; at most " + maxNameLength
                        + " are allowed (" + MAX_NAME_LENGTH_ENV + ")");
            }
        }
        return Optional.empty();
    }
}
