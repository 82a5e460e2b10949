package io.mgmtbus.launcher.security;

import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.security.BusAcls;
import io.mgmtbus.contracts.topics.BusProvisioning;
import io.mgmtbus.contracts.topics.BusTopics;
import io.mgmtbus.launcher.BusOptions;
import io.mgmtbus.launcher.ExitCodes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.common.acl.AclBinding;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mgmt acls}: the bus's ACLs for a deployment's users, printed or created. */
@Command(
        name = "acls",
        mixinStandardHelpOptions = true,
        description = {
            "Print (default) or create the Kafka ACLs every role of the bus needs, from the one place they are"
                    + " written (BusAcls): operator, streams-app, agent, and one user per node.",
            "--format kafka-acls prints the same as kafka-acls.sh commands, for clusters managed with Kafka's tools.",
            "--apply prepares a secured bus as its admin (--command-config with the admin's properties): creates the"
                    + " topics, registers the schemas, and creates the ACLs.",
            "Exit code 0, or 1 when they cannot be created."
        })
public final class AclsCommand implements Callable<Integer> {

    enum Format {
        table,
        kafka_acls
    }

    @Mixin
    BusOptions bus;

    @Option(
            names = "--operator",
            defaultValue = DemoSecrets.OPERATOR,
            description = "The operator's SASL user. Default: ${DEFAULT-VALUE}.")
    String operator;

    @Option(
            names = "--streams",
            defaultValue = DemoSecrets.STREAMS,
            description = "The streams-app's SASL user. Default: ${DEFAULT-VALUE}.")
    String streams;

    @Option(
            names = "--agent",
            defaultValue = DemoSecrets.AGENT,
            description = "The agent's SASL user. Default: ${DEFAULT-VALUE}.")
    String agent;

    @Option(
            names = "--registry",
            defaultValue = DemoSecrets.REGISTRY,
            description = "The schema registry's SASL user (its schema log only). Default: ${DEFAULT-VALUE}.")
    String registry;

    @Option(
            names = "--node",
            paramLabel = "NAME[=USER]",
            split = ",",
            description = "A node and its SASL user (default user: node-NAME); several separated by commas, or repeat.")
    List<String> nodes = List.of();

    @Option(
            names = "--format",
            defaultValue = "table",
            converter = FormatConverter.class,
            description = "table or kafka-acls. Default: ${DEFAULT-VALUE}.")
    Format format;

    @Option(
            names = "--apply",
            description =
                    "Create the topics, register the schemas and create the ACLs (as the admin of --command-config).")
    boolean apply;

    @Override
    public Integer call() {
        if (nodes.isEmpty()) {
            System.err.println("mgmt acls: no --node given: no node may read requests or answer");
        }
        BusConfig config = bus.toConfig();
        if (apply) {
            // The ACLs first: a registry running as its own user needs them before it can store a schema.
            BusTopics topics = BusProvisioning.ensureTopics(config, BusProvisioning.replication(config));
            List<AclBinding> bindings = DemoSecrets.bindings(topics, operator, streams, agent, registry, nodeUsers());
            BusAcls.grant(config, bindings);
            BusProvisioning.ensure(config);
            System.out.println("Topics and schemas ready; " + bindings.size() + " ACLs in force on "
                    + config.bootstrapServers() + ".");
            return ExitCodes.OK;
        }
        // Printing needs only the topic names: no registry, no cluster.
        List<AclBinding> bindings = DemoSecrets.bindings(
                new BusTopics(config.topicPrefix(), null), operator, streams, agent, registry, nodeUsers());
        if (format == Format.kafka_acls) {
            System.out.print(AclScript.of(bindings));
        } else {
            System.out.print(AclScript.table(bindings));
        }
        return ExitCodes.OK;
    }

    private Map<String, String> nodeUsers() {
        Map<String, String> users = new LinkedHashMap<>();
        for (String node : nodes) {
            int eq = node.indexOf('=');
            String name = eq < 0 ? node : node.substring(0, eq);
            users.put(name, eq < 0 ? DemoSecrets.nodeUser(name) : node.substring(eq + 1));
        }
        return users;
    }

    static final class FormatConverter implements picocli.CommandLine.ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            return Format.valueOf(value.replace('-', '_'));
        }
    }
}
