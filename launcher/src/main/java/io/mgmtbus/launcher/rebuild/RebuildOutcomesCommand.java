package io.mgmtbus.launcher.rebuild;

import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.dispatch.DispatchDefaults;
import io.mgmtbus.contracts.dispatch.ResultDiff;
import io.mgmtbus.contracts.topics.BusTopics;
import io.mgmtbus.history.audit.AuditFilter;
import io.mgmtbus.history.rebuild.OutcomeRebuild;
import io.mgmtbus.history.rebuild.RebuiltOutcomeWriter;
import io.mgmtbus.launcher.BusOptions;
import io.mgmtbus.launcher.DurationConverter;
import io.mgmtbus.launcher.ExitCodes;
import io.mgmtbus.launcher.QuietLogs;
import io.mgmtbus.launcher.TempDirectory;
import io.mgmtbus.launcher.audit.TerminalProgress;
import io.mgmtbus.streams.DispatchSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mgmt rebuild-outcomes}: recompute a time range's outcomes with today's bookkeeping, and compare. */
@Command(
        name = "rebuild-outcomes",
        mixinStandardHelpOptions = true,
        description = {
            "Recompute a time range's outcomes with today's bookkeeping and name those that differ.",
            "Recomputes the outcomes of the requests stamped in [--since, --until) from the recorded requests,"
                    + " responses and hellos, with the streams-app's bookkeeping code run in event time (each record"
                    + " is judged at its own timestamp), write them to --to-topic (never over the bus's outcomes)"
                    + " and report which differ from the outcomes the bus recorded, node by node.",
            "The node table at --since is what the retained hellos say (the hello topic is compacted).",
            "Exit codes: 0 every rebuilt outcome equals its original, 6 some differ or have no original,"
                    + " 1 failure, 2 bad usage."
        })
public final class RebuildOutcomesCommand implements Callable<Integer> {

    @Mixin
    BusOptions bus;

    @Option(
            names = "--since",
            required = true,
            paramLabel = "TIME",
            description = "Requests stamped from this ISO instant, or this long ago (2h, 30m).")
    String since;

    @Option(
            names = "--until",
            paramLabel = "TIME",
            description = "Requests stamped before this ISO instant, or this long ago. Default: now.")
    String until;

    @Option(
            names = "--to-topic",
            paramLabel = "TOPIC",
            description = "Where the rebuilt outcomes go (created when missing). Required unless --dry-run.")
    String toTopic;

    @Option(
            names = "--default-timeout",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "How long a request without a deadline waits for its nodes (what the streams-app was"
                    + " started with; change it to see what another default would have done). Default: "
                    + DispatchDefaults.TIMEOUT_TEXT + ".")
    Duration defaultTimeout;

    @Option(names = "--dry-run", description = "Rebuild and compare, but write nothing.")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
        Instant now = Instant.now();
        Instant from = AuditFilter.instant(since, now);
        Instant to = until == null ? now : AuditFilter.instant(until, now);
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("--since " + from + " is not before --until " + to);
        }
        if (toTopic == null && !dryRun) {
            throw new IllegalArgumentException("say where the rebuilt outcomes go with --to-topic, or use --dry-run");
        }
        QuietLogs.bookkeeping();
        BusConfig config = bus.toConfig();
        DispatchSettings settings = DispatchSettings.defaults();
        if (defaultTimeout != null) {
            settings = settings.withDefaultTimeout(defaultTimeout);
        }
        BusTopics topics = new BusTopics(config);
        RebuiltOutcomeWriter writer = dryRun ? null : new RebuiltOutcomeWriter(config, topics, toTopic);
        OutcomeRebuild rebuild = new OutcomeRebuild(config, topics, settings);
        List<OutcomeRebuild.Rebuilt> rebuilt;
        try (TempDirectory state = new TempDirectory("mgmt-rebuild-");
                TerminalProgress progress = new TerminalProgress("reading")) {
            rebuilt = rebuild.run(from, to, state.path(), progress);
        }
        if (writer != null) {
            writer.write(rebuilt);
        }
        return report(rebuilt);
    }

    private int report(List<OutcomeRebuild.Rebuilt> rebuilt) {
        int differing = 0;
        int withoutOriginal = 0;
        for (OutcomeRebuild.Rebuilt r : rebuilt) {
            if (r.rebuilt() == null) {
                differing++;
                System.out.println(r.reqid() + ": differs: today's bookkeeping closed no outcome"
                        + (r.original() == null
                                ? ""
                                : " (recorded: " + r.original().getState() + ")"));
                continue;
            }
            if (r.original() == null) {
                withoutOriginal++;
                System.out.println(r.reqid() + ": no original outcome (rebuilt " + state(r) + ")");
                continue;
            }
            List<String> differences = ResultDiff.between(r.original(), r.rebuilt());
            if (!differences.isEmpty()) {
                differing++;
                System.out.println(r.reqid() + ": differs: " + String.join("; ", differences));
            }
        }
        System.out.println(
                rebuilt.size() + " outcome(s) rebuilt" + (dryRun ? " (dry run, nothing written)" : " into " + toTopic)
                        + ": " + (rebuilt.size() - differing - withoutOriginal) + " equal, " + differing + " differ, "
                        + withoutOriginal + " without an original");
        return differing + withoutOriginal == 0 ? ExitCodes.OK : ExitCodes.DIFFERENT;
    }

    private static String state(OutcomeRebuild.Rebuilt r) {
        return r.rebuilt().getState().name().toLowerCase();
    }
}
