package io.mgmtbus.harness.faults;

import io.mgmtbus.launcher.DurationConverter;
import io.mgmtbus.launcher.ExitCodes;
import io.mgmtbus.launcher.QuietLogs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mgmt faults}: injects crashes and restarts under load and counts what the topics say happened. */
@Command(
        name = "faults",
        mixinStandardHelpOptions = true,
        description = {
            "Run fault scenarios under load on a fresh embedded broker, each part in its own JVM, and check the bus.",
            "Each run keeps --in-flight broadcast pings in flight to 3 node processes, injects its fault, goes on, then",
            "reads every topic back (read_committed) and prints: issued / outcomes / duplicate outcomes / lost /",
            "answers counted twice, the requests that timed out, the stall (the longest time without outcomes from the fault on) and",
            "the p99 of dispatches answered before the fault, from it to 10 s after the stall, and after. Exit 0 when nothing",
            "was lost or doubled (and no HTTP caller hung), 6 otherwise.",
            "Scenarios: node-kill, streams-kill, streams-kill-empty-state, streams-pair-kill, broker-restart, agent-restart,",
            "and on a cluster of three brokers: cluster-broker-kill, cluster-broker-streams-kill."
        })
public final class FaultsCommand implements Callable<Integer> {

    @Parameters(
            arity = "0..*",
            paramLabel = "SCENARIO",
            description = "Scenarios to run (default: all of them, one after the other).")
    List<String> scenarios = new ArrayList<>();

    @Option(
            names = "--in-flight",
            defaultValue = "300",
            description =
                    "Requests kept in flight (HTTP callers in agent-restart: at most 200). Default: ${DEFAULT-VALUE}.")
    int inFlight;

    @Option(
            names = "--before",
            defaultValue = "10s",
            converter = DurationConverter.class,
            description = "Load before the fault. Default: ${DEFAULT-VALUE}.")
    Duration before;

    @Option(
            names = "--after",
            defaultValue = "20s",
            converter = DurationConverter.class,
            description = "Load after the fault. Default: ${DEFAULT-VALUE}.")
    Duration after;

    @Option(
            names = "--deadline",
            defaultValue = "15s",
            converter = DurationConverter.class,
            description =
                    "Each request's deadline: requests it passes during an outage close TIMED_OUT. Default: ${DEFAULT-VALUE}.")
    Duration deadline;

    @Option(
            names = "--logs",
            paramLabel = "DIR",
            description = "Keep each process's log under DIR/SCENARIO/ (default: a temporary directory, deleted).")
    Path logs;

    @Override
    public Integer call() throws Exception {
        QuietLogs.bookkeeping();
        List<FaultScenario> chosen = scenarios.isEmpty()
                ? Arrays.asList(FaultScenario.values())
                : scenarios.stream().map(FaultScenario::of).toList();
        FaultRun.Settings settings = new FaultRun.Settings(inFlight, before, after, deadline, logs);
        List<FaultReport> reports = new ArrayList<>();
        for (FaultScenario scenario : chosen) {
            FaultReport report = new FaultRun(scenario, settings, System.err).run();
            reports.add(report);
            System.out.println(report.counts());
            if (report.callers() != null) {
                FaultReport.Callers c = report.callers();
                System.out.printf(
                        "%s: HTTP callers got %d outcomes, %d explained errors, %d refused connections, %d hangs %s%n",
                        scenario.label(),
                        c.outcomes(),
                        c.explainedErrors(),
                        c.connectionErrors(),
                        c.hangs(),
                        c.samples().isEmpty() ? "" : "(e.g. " + c.samples().get(0) + ")");
            }
        }
        System.out.println();
        System.out.println(FaultReport.header());
        reports.forEach(r -> System.out.println(r.row()));
        return reports.stream().allMatch(FaultReport::passed) ? ExitCodes.OK : ExitCodes.DIFFERENT;
    }
}
