package io.mgmtbus.launcher.agent;

import io.mgmtbus.agent.http.AgentServer;
import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.launcher.BusOptions;
import io.mgmtbus.launcher.Foreground;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mgmt agent}: serves the HTTP API until Ctrl-C. */
@Command(
        name = "agent",
        mixinStandardHelpOptions = true,
        description =
                "Run the agent-service HTTP API: POST /dispatch, GET /requests/{reqid}, /nodes, /health, /metrics, /openapi.json.")
public final class AgentCommand implements Callable<Integer> {

    @Mixin
    BusOptions bus;

    @Option(
            names = "--host",
            defaultValue = BusConfig.DEFAULT_HOST,
            description = "Address to listen on. Default: ${DEFAULT-VALUE}.")
    String host;

    @Option(
            names = "--port",
            defaultValue = "" + BusConfig.DEFAULT_HTTP_PORT,
            description = "Port. Default: ${DEFAULT-VALUE}.")
    int port;

    @Override
    public Integer call() throws InterruptedException {
        AgentServer server = AgentServer.start(bus.toConfig(), host, port);
        return Foreground.runUntilStopped(server, "agent-service listening on " + server.url() + ".");
    }
}
