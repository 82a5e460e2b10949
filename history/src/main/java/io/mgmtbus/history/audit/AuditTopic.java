package io.mgmtbus.history.audit;

import io.mgmtbus.contracts.topics.BusTopics;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** The bus topics an audit reads, by the short names operators type. */
public enum AuditTopic {
    REQUESTS,
    RESPONSES,
    OUTCOMES,
    CANCELS,
    HELLOS,
    DEADLETTER;

    /** What an audit reads unless told otherwise: everything but the hello heartbeats. */
    public static final Set<AuditTopic> DEFAULT = EnumSet.of(REQUESTS, RESPONSES, OUTCOMES, CANCELS, DEADLETTER);

    public String topicName(BusTopics topics) {
        return switch (this) {
            case REQUESTS -> topics.requests().name();
            case RESPONSES -> topics.responses().name();
            case OUTCOMES -> topics.outcomes().name();
            case CANCELS -> topics.cancels().name();
            case HELLOS -> topics.hellos().name();
            case DEADLETTER -> topics.deadLetter().name();
        };
    }

    /** The short name, as typed and printed: requests, responses, outcomes, cancels, hellos, deadletter. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AuditTopic parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown topic '" + name + "': use one of "
                    + Arrays.stream(values()).map(AuditTopic::label).collect(Collectors.joining(", ")));
        }
    }
}
