package io.mgmtbus.conformance;

import io.mgmtbus.launcher.ExitCodes;
import io.mgmtbus.node.dispatch.Delivery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mgmt conformance}: does a node, in any language, keep the bus's protocol? */
@Command(
        name = "conformance",
        mixinStandardHelpOptions = true,
        description = {
            "Check that a node keeps the bus's protocol: starts a real broker and registry of its own on 127.0.0.1,"
                    + " starts the node with --node-command, and drives it through every rule (hello and heartbeat,"
                    + " filtering by name and by selector, error Results, answer key and partition, one answer per"
                    + " request, deadlines, cancels, rollout plans and waves, bad records, a kill -9 and restart, the"
                    + " tombstone on stop). Prints PASS or FAIL per rule with the reason; exit code 0 if all pass.",
            "The node finds the bus in its environment, as bin/mgmt node does: MGMT_BOOTSTRAP_SERVERS,"
                    + " MGMT_SCHEMA_REGISTRY_URL, MGMT_TOPIC_PREFIX, MGMT_NODE_NAME, MGMT_NODE_INSTANCE,"
                    + " MGMT_NODE_LABELS, MGMT_NODE_HEARTBEAT (2s) and MGMT_NODE_DELIVERY. Takes about a minute.",
            "Example: bin/mgmt conformance --node-command '/usr/bin/python3 node-client/python/mgmt_node.py' --delivery"
                    + " AT_LEAST_ONCE"
        })
public final class ConformanceCommand implements Callable<Integer> {

    @Option(
            names = "--node-command",
            required = true,
            paramLabel = "CMD",
            description = "The node's command line (run with sh -c; SIGTERM stops it, SIGKILL crashes it).")
    String command;

    @Option(
            names = "--node-name",
            defaultValue = "conformance-node",
            paramLabel = "NAME",
            description = "The name the node is given (MGMT_NODE_NAME). Default: ${DEFAULT-VALUE}.")
    String nodeName;

    @Option(
            names = "--delivery",
            defaultValue = "EXACTLY_ONCE",
            paramLabel = "MODE",
            description = "What the node promises across a crash: EXACTLY_ONCE (one answer per request, ever) or"
                    + " AT_LEAST_ONCE (a request answered before a crash may be answered again). Default:"
                    + " ${DEFAULT-VALUE}.")
    Delivery delivery;

    @Option(
            names = "--log",
            paramLabel = "FILE",
            description = "Where the node's output goes. Default: a new file under the temporary directory.")
    Path log;

    @Override
    public Integer call() throws Exception {
        Path output = log != null ? log : Files.createTempFile("mgmt-conformance-node-", ".log");
        List<Verdict> verdicts = NodeConformance.check(command, nodeName, delivery, output, System.out);
        long failed = verdicts.stream().filter(v -> !v.passed()).count();
        System.out.println();
        System.out.println("conformance: " + (verdicts.size() - failed) + " of " + verdicts.size() + " rules kept"
                + (failed == 0
                        ? "."
                        : "; " + failed + " broken: "
                                + verdicts.stream()
                                        .filter(v -> !v.passed())
                                        .map(Verdict::rule)
                                        .toList()
                                + " (node output: " + output + ")"));
        return failed == 0 ? ExitCodes.OK : ExitCodes.FAILURE;
    }
}
