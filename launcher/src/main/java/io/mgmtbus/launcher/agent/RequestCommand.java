package io.mgmtbus.launcher.agent;

import io.mgmtbus.agent.view.BusView;
import io.mgmtbus.launcher.BusOptions;
import io.mgmtbus.launcher.DurationConverter;
import io.mgmtbus.launcher.ExitCodes;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mgmt request REQID}: a request, its answers and its outcome, from the audit topics. */
@Command(
        name = "request",
        mixinStandardHelpOptions = true,
        description = {
            "Show a request: action, targets, each node's answer, state (pending, complete, timed_out) and timing.",
            "Exit codes: 0 found, 5 no such reqid within --since, 1 failure, 2 bad usage."
        })
public final class RequestCommand implements Callable<Integer> {

    @Mixin
    BusOptions bus;

    @Parameters(paramLabel = "REQID", description = "The request id, as printed by dispatch.")
    String reqid;

    @Option(
            names = "--since",
            defaultValue = "24h",
            description = "How far back to look (e.g. 30m, 24h, 7d is PT168H). Default: ${DEFAULT-VALUE}.",
            converter = DurationConverter.class)
    Duration since;

    @Option(
            names = {"-o", "--output"},
            defaultValue = "json",
            description = "json or table. Default: ${DEFAULT-VALUE}.")
    Output.Format output;

    @Override
    public Integer call() throws Exception {
        try (BusView view = BusView.caughtUp(bus.toConfig(), since, Duration.ofSeconds(60))) {
            var status = view.request(reqid);
            if (status.isEmpty()) {
                System.err.println("mgmt request: no request " + reqid + " in the last " + since);
                return ExitCodes.NOT_FOUND;
            }
            Output.request(System.out, status.get(), output);
            return ExitCodes.OK;
        }
    }
}
