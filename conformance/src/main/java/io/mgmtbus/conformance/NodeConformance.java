package io.mgmtbus.conformance;

import io.mgmtbus.node.dispatch.Delivery;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The kit as a library: starts a bus of its own, starts the node command against it, and returns
 * one verdict per rule (also printed to {@code progress} as each is decided).
 */
public final class NodeConformance {

    private NodeConformance() {}

    /**
     * @param command the node's command line, run by {@code sh -c}
     * @param nodeName the name the node is given ({@code MGMT_NODE_NAME})
     * @param delivery what the node declares it promises across a crash
     * @param log where the node's output goes
     */
    public static List<Verdict> check(
            String command, String nodeName, Delivery delivery, Path log, PrintStream progress) throws Exception {
        progress.println("conformance: starting a bus of its own (a real broker and registry on 127.0.0.1) ...");
        try (KitBus bus = KitBus.start()) {
            Map<String, String> env = new HashMap<>(bus.environment());
            env.put("MGMT_NODE_NAME", nodeName);
            env.put("MGMT_NODE_INSTANCE", NodeRules.INSTANCE);
            env.put("MGMT_NODE_LABELS", NodeRules.LABELS);
            env.put("MGMT_NODE_HEARTBEAT", NodeRules.HEARTBEAT.toSeconds() + "s");
            env.put("MGMT_NODE_DELIVERY", delivery.name());
            progress.println("conformance: bus at " + bus.config.bootstrapServers() + ", registry "
                    + bus.config.schemaRegistryUrl() + "; starting node '" + nodeName + "': " + command
                    + " (output in " + log + ")");
            try (NodeProcess node = new NodeProcess(command, env, log)) {
                return new NodeRules(bus, node, nodeName, delivery, progress).check();
            }
        }
    }
}
