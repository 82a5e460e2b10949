package io.mgmtbus.launcher.agent;

import io.mgmtbus.agent.http.AgentServer;
import io.mgmtbus.agent.http.BearerToken;
import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.launcher.BusOptions;
import io.mgmtbus.launcher.Foreground;
import io.mgmtbus.launcher.HttpsOptions;
import io.mgmtbus.registry.HttpsKeystore;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mgmt agent}: serves the HTTP API until Ctrl-C. */
@Command(
        name = "agent",
        mixinStandardHelpOptions = true,
        description = {
            "Run the agent-service: the operator's HTTP API and console.",
            "Its endpoints are described at /openapi.json (e.g. http://127.0.0.1:8080/openapi.json)."
        })
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

    @Option(
            names = "--token-file",
            paramLabel = "FILE",
            description =
                    "Require 'Authorization: Bearer <token>' on every call but /health, the token being the file's"
                            + " first line (or env " + BearerToken.ENV + "). Default: an open API.")
    Path tokenFile;

    @Mixin
    HttpsOptions https;

    @Override
    public Integer call() throws InterruptedException {
        String fromEnv = System.getenv(BearerToken.ENV);
        BearerToken token = tokenFile != null
                ? BearerToken.fromFile(tokenFile)
                : fromEnv == null || fromEnv.isBlank() ? null : BearerToken.of(fromEnv);
        HttpsKeystore keystore = https.keystore();
        AgentServer server = AgentServer.start(bus.toConfig(), host, port, token, keystore);
        return Foreground.runUntilStopped(
                server,
                "agent-service listening on " + server.url() + " (" + HttpsOptions.describe(keystore)
                        + (token == null ? ", no token" : ", bearer token") + ").");
    }
}
