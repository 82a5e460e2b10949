package io.mgmtbus.launcher.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.topics.BusProvisioning;
import io.mgmtbus.contracts.topics.BusTopics;
import io.mgmtbus.events.NodeDispatchRequest;
import io.mgmtbus.history.audit.AuditFilter;
import io.mgmtbus.history.audit.AuditTopic;
import io.mgmtbus.history.redrive.DeadLetterRedrive;
import io.mgmtbus.history.replay.Replay;
import io.mgmtbus.launcher.BusOptions;
import io.mgmtbus.launcher.DurationConverter;
import io.mgmtbus.launcher.ExitCodes;
import io.mgmtbus.launcher.audit.HistoryFilterOptions;
import io.mgmtbus.launcher.audit.TerminalProgress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mgmt replay}: re-produce a slice of the request history into another bus, and compare the outcomes. */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        description = {
            "Re-produce selected requests into another bus (another --to-prefix and/or --to-bootstrap cluster).",
            "Selects requests with the filters of audit; fresh reqids unless --keep-reqids (the mapping is printed,",
            "and written as JSON with --map-file). The target bus needs its own streams-app and nodes.",
            "Exit codes: 0 replayed (and with --compare, every outcome equal), 6 some outcome differed or could not",
            "be compared, 1 failure, 2 bad usage.",
            "With --from-deadletter it re-drives dead letters instead: their original bytes go back to their source topic",
            "(e.g. after registering a missing schema), each refused record once, never twice (a ledger topic records it)."
        })
public final class ReplayCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin
    BusOptions bus;

    @Mixin
    HistoryFilterOptions history;

    @Option(
            names = "--to-prefix",
            paramLabel = "PREFIX",
            description = "Topic prefix of the target bus (default: the source's).")
    String toPrefix;

    @Option(
            names = "--to-bootstrap",
            paramLabel = "HOST:PORT",
            description = "Kafka of the target bus (default: the source's).")
    String toBootstrap;

    @Option(
            names = "--to-schema-registry-url",
            paramLabel = "URL",
            description = "Registry of the target bus (default: the source's).")
    String toRegistry;

    @Option(names = "--keep-reqids", description = "Keep the original reqids instead of fresh ones.")
    boolean keepReqids;

    @Option(
            names = "--map-file",
            paramLabel = "FILE",
            description = "Write the original -> replayed reqid mapping here as JSON.")
    Path mapFile;

    @Option(
            names = "--rate",
            paramLabel = "N",
            defaultValue = "0",
            description = "At most N requests per second (0: no limit). Default: ${DEFAULT-VALUE}.")
    double rate;

    @Option(names = "--dry-run", description = "Show what would be replayed; produce nothing.")
    boolean dryRun;

    @Option(
            names = "--compare",
            description = "Wait for the replayed outcomes and print, per request, the nodes whose results differ.")
    boolean compare;

    @Option(
            names = "--compare-timeout",
            defaultValue = "30s",
            converter = DurationConverter.class,
            description = "How long --compare waits for the replayed outcomes. Default: ${DEFAULT-VALUE}.")
    Duration compareTimeout;

    @Option(
            names = "--from-deadletter",
            description = "Re-drive dead letters (selected by --since/--until, --reason-contains, --component).")
    boolean fromDeadLetter;

    @Option(
            names = "--reason-contains",
            paramLabel = "TEXT",
            description = "With --from-deadletter: dead letters whose reason contains this.")
    String reasonContains;

    @Option(
            names = "--component",
            paramLabel = "NAME",
            description = "With --from-deadletter: dead letters written by this component (e.g. streams-app).")
    String component;

    /**
     * The target keeps the source's client settings on the same cluster, never on another one, and
     * never sends the source registry's credentials to another registry (give those in its URL).
     */
    private Map<String, String> targetSettings(BusConfig source) {
        if (toBootstrap != null) {
            return Map.of();
        }
        Map<String, String> settings = new java.util.HashMap<>(source.clientSettings());
        if (toRegistry != null) {
            settings.keySet().removeIf(key -> key.startsWith("basic.auth."));
        }
        return settings;
    }

    @Override
    public Integer call() throws Exception {
        Instant now = Instant.now();
        if (fromDeadLetter) {
            return redrive(now);
        }
        AuditFilter filter = history.toFilter(Set.of(AuditTopic.REQUESTS), now);
        if (rate < 0) {
            throw new IllegalArgumentException("--rate must not be negative");
        }
        BusConfig source = bus.toConfig();
        BusConfig target = new BusConfig(
                toBootstrap != null ? toBootstrap : source.bootstrapServers(),
                toRegistry != null ? toRegistry : source.schemaRegistryUrl(),
                toPrefix != null ? toPrefix : source.topicPrefix(),
                targetSettings(source));
        Replay replay = new Replay(source, target);
        List<NodeDispatchRequest> selected;
        try (TerminalProgress progress = new TerminalProgress("selecting")) {
            selected = replay.select(filter, progress);
        }
        List<Replay.Replayed> plan = Replay.plan(selected, keepReqids);
        for (Replay.Replayed one : plan) {
            System.out.println(one.originalReqid() + " -> " + one.reqid() + "  "
                    + String.join(" ", one.original().getAction()));
        }
        if (mapFile != null) {
            ArrayNode map = JSON.createArrayNode();
            plan.forEach(
                    one -> map.addObject().put("original", one.originalReqid()).put("reqid", one.reqid()));
            JSON.writerWithDefaultPrettyPrinter().writeValue(mapFile.toFile(), map);
        }
        String where = target.topicPrefix() + "mgmt.dispatch.requests on " + target.bootstrapServers();
        if (dryRun) {
            System.out.println("dry run: would replay " + plan.size() + " request(s) to " + where);
            return ExitCodes.OK;
        }
        List<Replay.Comparison> comparisons;
        try (TerminalProgress progress = new TerminalProgress("replaying")) {
            progress.started(plan.size());
            comparisons = replay.run(plan, rate, compare, compareTimeout, sent -> progress.read(1));
        }
        System.out.println("replayed " + plan.size() + " request(s) to " + where);
        if (!compare) {
            return ExitCodes.OK;
        }
        long differing = 0;
        for (Replay.Comparison c : comparisons) {
            if (c.same()) {
                System.out.println(c.originalReqid() + " -> " + c.reqid() + ": same");
            } else {
                differing++;
                System.out.println(c.originalReqid() + " -> " + c.reqid() + ": "
                        + (c.problem() != null ? c.problem() : "differs: " + String.join("; ", c.differences())));
            }
        }
        System.out.println(
                differing == 0
                        ? "all " + comparisons.size() + " outcomes equal"
                        : differing + " of " + comparisons.size() + " outcomes differ");
        return differing == 0 ? ExitCodes.OK : ExitCodes.DIFFERENT;
    }

    private int redrive(Instant now) {
        if (history.selectsMoreThanTime() || toPrefix != null || toBootstrap != null || compare || keepReqids) {
            throw new IllegalArgumentException(
                    "--from-deadletter takes only --since, --until, --reason-contains, --component and --dry-run");
        }
        BusConfig config = bus.toConfig();
        DeadLetterRedrive redrive =
                new DeadLetterRedrive(config, dryRun ? new BusTopics(config) : BusProvisioning.ensure(config));
        DeadLetterRedrive.Plan plan = redrive.plan(
                new DeadLetterRedrive.Selection(reasonContains, component, history.since(now), history.until(now)));
        for (DeadLetterRedrive.Candidate c : plan.candidates()) {
            System.out.println((dryRun ? "would re-drive " : "re-drive ") + c.source() + " (from " + c.deadLetter()
                    + "): " + c.reason());
        }
        if (!dryRun) {
            redrive.redrive(plan.candidates());
        }
        System.out.println((dryRun ? "dry run: would re-drive " : "re-drove ")
                + plan.candidates().size() + " record(s); skipped "
                + plan.duplicates() + " other dead letter(s) of the same records and " + plan.redrivenBefore()
                + " re-driven before");
        return ExitCodes.OK;
    }
}
