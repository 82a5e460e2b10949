package io.mgmtbus.launcher.audit;

import io.mgmtbus.history.audit.AuditFilter;
import io.mgmtbus.history.audit.AuditTopic;
import java.time.Instant;
import java.util.Set;
import picocli.CommandLine.Option;

/** The options that select events of the history, shared by {@code audit} and {@code replay} (a picocli mixin). */
public final class HistoryFilterOptions {

    @Option(names = "--reqid", description = "Only this request's events.")
    String reqid;

    @Option(
            names = "--node",
            description = "Requests naming this node (or broadcast), its answers, outcomes targeting it, its hellos.")
    String node;

    @Option(names = "--action", description = "Requests whose command (action[0]) is this, and all their events.")
    String action;

    @Option(names = "--requester", description = "Requests from this requester, and all their events.")
    String requester;

    @Option(
            names = "--state",
            description = "Requests whose outcome is complete, timed_out, cancelled or stopped, and all their events.")
    String state;

    @Option(
            names = "--since",
            paramLabel = "TIME",
            description = "From this ISO instant, or this long ago (2h, 30m). Default: all retained history.")
    String since;

    @Option(
            names = "--until",
            paramLabel = "TIME",
            description = "Up to this ISO instant, or this long ago. Default: now.")
    String until;

    /** The filter these options describe, over {@code topics}, with durations counted back from {@code now}. */
    public AuditFilter toFilter(Set<AuditTopic> topics, Instant now) {
        return new AuditFilter(
                reqid,
                node,
                action,
                requester,
                AuditFilter.state(state),
                topics,
                AuditFilter.instant(since, now),
                AuditFilter.instant(until, now));
    }

    /** Whether any option other than the time range is set. */
    public boolean selectsMoreThanTime() {
        return reqid != null || node != null || action != null || requester != null || state != null;
    }

    public Instant since(Instant now) {
        return AuditFilter.instant(since, now);
    }

    public Instant until(Instant now) {
        return AuditFilter.instant(until, now);
    }
}
