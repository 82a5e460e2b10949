package io.mgmtbus.launcher.node;

import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.targeting.Labels;
import io.mgmtbus.launcher.BusOptions;
import io.mgmtbus.launcher.DurationConverter;
import io.mgmtbus.launcher.Foreground;
import io.mgmtbus.node.ManagedNode;
import io.mgmtbus.node.dispatch.Delivery;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mgmt node}: runs one managed node until Ctrl-C. */
@Command(
        name = "node",
        mixinStandardHelpOptions = true,
        description = {
            "Run a managed node that answers the requests meant for it.",
            "It reads every dispatch request, answers those meant for it exactly once, and says hello with a heartbeat.",
            "Built-in actions: get_id_value NAME, ping, list_actions."
        })
public final class NodeCommand implements Callable<Integer> {

    static final String NAME_KEY = "node.name";
    static final String INSTANCE_KEY = "node.instance";
    static final String LABELS_KEY = "node.labels";
    static final String LABELS_ENV = "MGMT_NODE_LABELS";

    @Mixin
    BusOptions bus;

    @Option(
            names = "--name",
            paramLabel = "NAME",
            description = "Cluster-unique node name (env MGMT_NODE_NAME, or node.name in --config). Required.")
    String name;

    @Option(
            names = "--instance",
            paramLabel = "INSTANCE",
            description = "Host or instance it runs under (env MGMT_NODE_INSTANCE, default: host name).")
    String instance;

    @Option(
            names = "--label",
            paramLabel = "KEY=VALUE",
            description = "A label selectors pick this node by, e.g. --label role=worker --label rack=3 (repeat;"
                    + " env MGMT_NODE_LABELS or node.labels in --config: role=worker,rack=3). Sent in its hello.")
    List<String> labels;

    @Option(
            names = "--heartbeat",
            defaultValue = "${env:MGMT_NODE_HEARTBEAT:-" + ManagedNode.DEFAULT_HEARTBEAT + "}",
            paramLabel = "DURATION",
            description = "Hello interval (e.g. 10s, PT10S; env MGMT_NODE_HEARTBEAT). Default: ${DEFAULT-VALUE}.",
            converter = DurationConverter.class)
    Duration heartbeat;

    @Option(
            names = "--action-timeout",
            defaultValue = ManagedNode.DEFAULT_ACTION_TIME_LIMIT,
            paramLabel = "DURATION",
            description = "Time limit of one action. Default: ${DEFAULT-VALUE}.",
            converter = DurationConverter.class)
    Duration actionTimeout;

    @Option(
            names = "--delivery",
            defaultValue = "${env:MGMT_NODE_DELIVERY:-EXACTLY_ONCE}",
            paramLabel = "MODE",
            description = "EXACTLY_ONCE (answers and offsets in one transaction; a duplicate node name is fenced) or"
                    + " AT_LEAST_ONCE (faster: no transaction; after a crash an answer may be sent twice, still counted"
                    + " once; env MGMT_NODE_DELIVERY). Default: ${DEFAULT-VALUE}.")
    Delivery delivery;

    @Override
    public Integer call() throws InterruptedException {
        BusConfig config = bus.toConfig();
        Properties file = bus.configFile() == null ? new Properties() : BusConfig.readProperties(bus.configFile());
        String nodeName = firstOf(name, System.getenv("MGMT_NODE_NAME"), file.getProperty(NAME_KEY));
        if (nodeName == null) {
            throw new IllegalArgumentException(
                    "a node name is required: pass --name, set MGMT_NODE_NAME, or put node.name in --config");
        }
        ManagedNode.Builder builder = ManagedNode.builder(config, nodeName);
        String labelList = labels != null && !labels.isEmpty()
                ? String.join(",", labels)
                : firstOf(System.getenv(LABELS_ENV), file.getProperty(LABELS_KEY));
        if (labelList != null) {
            for (String label : labelList.split(",")) {
                if (!label.isBlank()) {
                    Map.Entry<String, String> parsed = Labels.parse(label);
                    builder.label(parsed.getKey(), parsed.getValue());
                }
            }
        }
        ManagedNode node = builder.instance(
                        firstOf(instance, System.getenv("MGMT_NODE_INSTANCE"), file.getProperty(INSTANCE_KEY)))
                .heartbeat(heartbeat)
                .actionTimeLimit(actionTimeout)
                .delivery(delivery)
                .start();
        return Foreground.runUntilStopped(
                node,
                "Node " + nodeName + " is up on " + config.bootstrapServers() + " with actions " + node.actionNames()
                        + (node.identity().labels().isEmpty()
                                ? ""
                                : " and labels " + node.identity().labels())
                        + ".",
                node.failure());
    }

    private static String firstOf(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return null;
    }
}
