package io.mgmtbus.launcher.agent;

import io.mgmtbus.agent.view.RequestHistory;
import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.config.Durations;
import io.mgmtbus.contracts.topics.BusTopics;
import io.mgmtbus.launcher.BusOptions;
import io.mgmtbus.launcher.ExitCodes;
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
            "Found through the request index the streams-app keeps, so its age does not matter; a reqid the",
            "index does not know (older than the index) is searched in the last --since.",
            "Exit codes: 0 found, 5 no such reqid, 1 failure, 2 bad usage."
        })
public final class RequestCommand implements Callable<Integer> {

    @Mixin
    BusOptions bus;

    @Parameters(paramLabel = "REQID", description = "The request id, as printed by dispatch.")
    String reqid;

    @Mixin
    RequestLookup lookup;

    @Option(
            names = {"-o", "--output"},
            defaultValue = "json",
            description = "json or table. Default: ${DEFAULT-VALUE}.")
    Output.Format output;

    @Override
    public Integer call() throws Exception {
        BusConfig config = bus.toConfig();
        try (RequestHistory history = new RequestHistory(config, new BusTopics(config))) {
            var status = history.find(reqid, lookup.since);
            if (status.isEmpty()) {
                System.err.println("mgmt request: no request " + reqid + " in the request index, nor in the last "
                        + Durations.format(lookup.since));
                return ExitCodes.NOT_FOUND;
            }
            Output.request(System.out, status.get(), output);
            return ExitCodes.OK;
        }
    }
}
