package io.mgmtbus.launcher.agent;

import io.mgmtbus.agent.dispatch.DispatchRequest;
import io.mgmtbus.agent.dispatch.Dispatcher;
import io.mgmtbus.agent.health.StreamsAppStatus;
import io.mgmtbus.agent.view.BusView;
import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.dispatch.DispatchDefaults;
import io.mgmtbus.contracts.topics.BusTopics;
import io.mgmtbus.events.DispatchOutcome;
import io.mgmtbus.events.NodeDispatchRequest;
import io.mgmtbus.launcher.BusOptions;
import io.mgmtbus.launcher.ExitCodes;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mgmt dispatch ACTION [ARG...]}: asks the nodes and prints the outcome, like zeek-client. */
@Command(
        name = "dispatch",
        mixinStandardHelpOptions = true,
        description = {
            "Dispatch an action to all nodes (or --nodes, narrowed by --select) and",
            "print the outcome: results keyed by node, errors listed. --batch rolls it",
            "out a few nodes at a time; --max-errors stops the rollout.",
            "Talks to Kafka directly: the agent-service need not run; the streams-app",
            "must (it aggregates the outcome and starts a rollout's nodes).",
            "Exit codes: 0 all ok; 3 some node answered with an error, or a rollout",
            "stopped; 4 timed out; 7 cancelled; 1 failure; 2 bad usage."
        })
public final class DispatchCommand implements Callable<Integer> {

    @Mixin
    BusOptions bus;

    @Parameters(
            arity = "1..*",
            paramLabel = "ACTION",
            description = "The action vector, e.g. get_id_value Cluster::node")
    List<String> action;

    @Option(
            names = "--nodes",
            split = ",",
            paramLabel = "NODE",
            description = "Target nodes, comma separated (default: all).")
    List<String> nodes;

    @Option(
            names = "--select",
            paramLabel = "EXPR",
            description = "Label selector the targets must match (Kubernetes syntax): role=worker, rack in (3,4),"
                    + " !canary, role!=db; name=worker-* globs the node name. Comma = and.")
    String select;

    @Option(
            names = "--batch",
            paramLabel = "N|P%",
            description = "Roll out: at most N nodes (or P%% of the targets) run the action at once, in node-name"
                    + " order; the next starts as soon as one answers.")
    String batch;

    @Option(
            names = "--max-errors",
            paramLabel = "N|P%",
            description = "With --batch: stop starting nodes once N answers (or P%% of the targets) are errors; the"
                    + " outcome (state stopped) names the nodes never started.")
    String maxErrors;

    @Option(
            names = "--watch",
            description = "Print each answer as it arrives, with a progress line (e.g. 734/1000 answered, 3 errors),"
                    + " on stderr; the outcome still goes to stdout.")
    boolean watch;

    @Option(
            names = "--timeout",
            defaultValue = DispatchDefaults.TIMEOUT_TEXT,
            description = "How long nodes have to answer (e.g. 5s, 500ms); a rollout must finish within it."
                    + " Default: ${DEFAULT-VALUE}.")
    String timeout;

    @Option(
            names = {"-o", "--output"},
            defaultValue = "json",
            description = "json or table. Default: ${DEFAULT-VALUE}.")
    Output.Format output;

    @Override
    public Integer call() throws Exception {
        DispatchRequest request =
                new DispatchRequest(action, nodes, DispatchRequest.parseTimeout(timeout), select, batch, maxErrors);
        BusConfig config = bus.toConfig();
        BusTopics topics = new BusTopics(config);
        CompletableFuture<StreamsAppStatus.State> streamsApp =
                StreamsAppHint.checkMeanwhile(config, topics, "dispatch", System.err);
        // The view starts at the outcome topic's end before the request exists, so it cannot miss the answer.
        try (BusView view = new BusView(config, topics, Duration.ZERO, o -> {});
                Dispatcher dispatcher = new Dispatcher(config, topics, "cli")) {
            if (watch) {
                view.awaitCaughtUp(Duration.ofSeconds(15)); // the node table gives the progress line its total
            }
            NodeDispatchRequest issued = dispatcher.dispatch(request);
            Duration wait = request.timeout().plusSeconds(5);
            try {
                if (watch) {
                    System.err.println("reqid " + issued.getReqid());
                }
                DispatchOutcome outcome = watch
                        ? new AnswerWatch(view, System.err).follow(issued, wait)
                        : view.outcome(issued.getReqid()).get(wait.toMillis(), TimeUnit.MILLISECONDS);
                Output.outcome(System.out, outcome, output);
                streamsApp.join(); // its warnings, if any, before the command ends
                return OutcomeExit.of(outcome);
            } catch (TimeoutException e) {
                System.err.println(
                        "mgmt dispatch: no outcome for " + issued.getReqid() + " within " + wait.toSeconds() + "s"
                                + (streamsApp.join() == StreamsAppStatus.State.NOT_RUNNING
                                        ? ": the streams-app is not running (bin/mgmt streams)"
                                        : ": is the streams-app running? (bin/mgmt streams)"));
                return ExitCodes.TIMED_OUT;
            }
        }
    }
}
