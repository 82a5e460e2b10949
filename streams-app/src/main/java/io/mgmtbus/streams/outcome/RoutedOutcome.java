package io.mgmtbus.streams.outcome;

import io.mgmtbus.events.DispatchOutcome;

/**
 * An outcome with the partition it must be written to: the partition number of its request.
 * Requests come from any client with any partitioner, so the reqid alone does not say where a
 * request is; the rule "everything about a reqid is on its request's partition number" lets a
 * requester read its outcome from the partition its delivery report named.
 *
 * @param outcome the outcome
 * @param partition the partition number of the request (the task's partition)
 */
public record RoutedOutcome(DispatchOutcome outcome, int partition) implements Routed {}
