package io.mgmtbus.history.audit;

import io.mgmtbus.contracts.config.Durations;
import io.mgmtbus.events.DispatchOutcome;
import io.mgmtbus.events.NodeDispatchRequest;
import io.mgmtbus.events.NodeDispatchResponse;
import io.mgmtbus.events.OutcomeState;
import io.mgmtbus.events.Result;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Which events an audit shows. Each filter narrows the result; none means everything in the
 * time range. {@code action}, {@code requester} and {@code state} select requests: every event of
 * a selected reqid matches (its request, responses, outcome and dead letters), hellos never do.
 *
 * @param reqid events keyed by this reqid
 * @param node requests naming the node or broadcast, its responses, outcomes targeting it, its hellos
 * @param action requests whose action[0] is this
 * @param requester requests from this requester
 * @param state outcomes in this state (complete, timed_out)
 * @param topics the topics to read
 * @param since the first instant shown (inclusive), or null for the beginning of the retained history
 * @param until the last instant shown (exclusive), or null for now (or for ever when following)
 */
public record AuditFilter(
        String reqid,
        String node,
        String action,
        String requester,
        OutcomeState state,
        Set<AuditTopic> topics,
        Instant since,
        Instant until) {

    public AuditFilter {
        topics = topics == null || topics.isEmpty() ? AuditTopic.DEFAULT : Set.copyOf(topics);
        if ((since != null && since.isBefore(Instant.EPOCH)) || (until != null && until.isBefore(Instant.EPOCH))) {
            throw new IllegalArgumentException("times before 1970 are not in any Kafka topic");
        }
        if (since != null && until != null && !since.isBefore(until)) {
            throw new IllegalArgumentException("--since " + since + " is not before --until " + until);
        }
    }

    /** This filter from {@code since} on. */
    public AuditFilter since(Instant since) {
        return new AuditFilter(reqid, node, action, requester, state, topics, since, until);
    }

    /** Whether a request-level filter is set, so reqids must be selected from requests and outcomes first. */
    public boolean selectsRequests() {
        return action != null || requester != null || state != null;
    }

    /** The request-level filters an event's request passes (null when it has none to judge). */
    boolean selectsRequest(NodeDispatchRequest request) {
        return (action == null
                        || (!request.getAction().isEmpty()
                                && action.equals(request.getAction().get(0))))
                && (requester == null || requester.equals(request.getRequester()));
    }

    boolean selectsOutcome(DispatchOutcome outcome) {
        return state == null || state == outcome.getState();
    }

    /** The node filter for one decoded event. */
    boolean concernsNode(AuditTopic topic, String key, Object event) {
        if (node == null) {
            return true;
        }
        return switch (topic) {
            case REQUESTS ->
                event instanceof NodeDispatchRequest r
                        && (r.getNodes().isEmpty() || r.getNodes().contains(node));
            case RESPONSES ->
                event instanceof NodeDispatchResponse r
                        && r.getResult() != null
                        && node.equals(r.getResult().getNode());
            case OUTCOMES ->
                event instanceof DispatchOutcome o
                        && (o.getTargeted().contains(node)
                                || o.getResults().stream().map(Result::getNode).anyMatch(node::equals));
            case CANCELS -> true; // stops the request on every node it targets
            case HELLOS -> node.equals(key);
            case DEADLETTER -> false;
        };
    }

    /** Parses {@code --since}/{@code --until}: an ISO instant, or a duration back from now such as 2h or 30m. */
    public static Instant instant(String text, Instant now) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeParseException notAnInstant) {
            try {
                return now.minus(Durations.parse(text));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("bad time '" + text
                        + "': use an ISO instant (2026-11-26T08:00:00Z) or a duration back from now (2h, 30m)");
            }
        }
    }

    /** Parses {@code --state}: complete, timed_out, cancelled or stopped. */
    public static OutcomeState state(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            OutcomeState state = OutcomeState.valueOf(text.trim().toUpperCase(Locale.ROOT));
            if (state != OutcomeState.UNKNOWN) {
                return state;
            }
        } catch (IllegalArgumentException e) {
            // falls through to the message below
        }
        throw new IllegalArgumentException("bad state '" + text + "': use complete, timed_out, cancelled or stopped");
    }

    /** Parses a comma-separated {@code --topic} list. */
    public static Set<AuditTopic> topics(Iterable<String> names) {
        Set<AuditTopic> topics = EnumSet.noneOf(AuditTopic.class);
        if (names != null) {
            for (String name : names) {
                for (String one : name.split(",")) {
                    if (!one.isBlank()) {
                        topics.add(AuditTopic.parse(one));
                    }
                }
            }
        }
        return topics;
    }
}
