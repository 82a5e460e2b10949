package io.mgmtbus.launcher.agent;

import io.mgmtbus.agent.dispatch.Canceller;
import io.mgmtbus.agent.view.BusView;
import io.mgmtbus.agent.view.RequestHistory;
import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.config.Durations;
import io.mgmtbus.contracts.topics.BusTopics;
import io.mgmtbus.events.DispatchOutcome;
import io.mgmtbus.events.OutcomeState;
import io.mgmtbus.launcher.BusOptions;
import io.mgmtbus.launcher.ExitCodes;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mgmt cancel REQID}: stops an open request and prints its CANCELLED outcome. */
@Command(
        name = "cancel",
        mixinStandardHelpOptions = true,
        description = {
            "Cancel an open request: nodes that have not run its action yet skip it,",
            "a rollout starts no more nodes, and the streams-app closes the outcome as",
            "cancelled, keeping the answers that arrived (the other nodes get the",
            "error 'cancelled'). A cancel is an event on mgmt.dispatch.cancels, shown",
            "by mgmt audit.",
            "Exit codes: 0 cancelled; 8 the request had closed already; 5 no such",
            "reqid; 4 no outcome in time; 1 failure; 2 bad usage."
        })
public final class CancelCommand implements Callable<Integer> {

    private static final Duration OUTCOME_WAIT = Duration.ofSeconds(15);

    @Mixin
    BusOptions bus;

    @Parameters(paramLabel = "REQID", description = "The request id, as printed by dispatch.")
    String reqid;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the audit log.")
    String reason;

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
        BusTopics topics = new BusTopics(config);
        // The view starts at the outcome topic's end before the cancel exists, so it cannot miss the outcome.
        try (BusView view = new BusView(config, topics, Duration.ZERO, o -> {});
                RequestHistory history = new RequestHistory(config, topics);
                Canceller canceller = new Canceller(config, topics, "cli")) {
            Canceller.Decision decision = canceller.cancel(reqid, history.find(reqid, lookup.since), reason);
            if (decision instanceof Canceller.Decision.NoSuchRequest) {
                System.err.println("mgmt cancel: no request " + reqid + " in the request index, nor in the last "
                        + Durations.format(lookup.since));
                return ExitCodes.NOT_FOUND;
            }
            if (decision instanceof Canceller.Decision.AlreadyClosed closed) {
                System.err.println("mgmt cancel: " + closed.message());
                return ExitCodes.ALREADY_CLOSED;
            }
            try {
                DispatchOutcome outcome = view.outcome(reqid).get(OUTCOME_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                Output.outcome(System.out, outcome, output);
                if (outcome.getState() != OutcomeState.CANCELLED) {
                    System.err.println("mgmt cancel: " + reqid + " closed "
                            + outcome.getState().name().toLowerCase() + " before the cancel took effect");
                    return ExitCodes.ALREADY_CLOSED;
                }
                return ExitCodes.OK;
            } catch (TimeoutException e) {
                System.err.println("mgmt cancel: the cancel of " + reqid + " is on the bus, but no outcome came within "
                        + OUTCOME_WAIT.toSeconds() + "s: is the streams-app running? (bin/mgmt streams)");
                return ExitCodes.TIMED_OUT;
            }
        }
    }
}
