package io.mgmtbus.launcher.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.node.ManagedNode;
import io.mgmtbus.streams.DispatchSettings;
import io.mgmtbus.streams.StreamsApp;
import io.mgmtbus.testkit.TestBus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The operator's commands (dispatch, nodes, request) end to end: real nodes, the real streams-app, a real broker. */
class OperatorCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<AutoCloseable> open = new ArrayList<>();
    private static BusConfig bus;

    @BeforeAll
    static void start() throws Exception {
        bus = TestBus.shared().newBus();
        open.add(ManagedNode.builder(bus, "worker-01").instance("e2e").start());
        open.add(ManagedNode.builder(bus, "manager").instance("e2e").start());
        open.add(StreamsApp.start(bus, DispatchSettings.defaults(), Files.createTempDirectory("operator-commands")));
        // Wait until the streams-app's node table holds both nodes.
        for (int i = 0; i < 30; i++) {
            Cli ping = cli(new DispatchCommand(), "ping", "--timeout", "3s");
            if (ping.exitCode == 0 && JSON.readTree(ping.out).path("results").size() == 2) {
                return;
            }
        }
        throw new AssertionError("nodes never became known");
    }

    @AfterAll
    static void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    @Test
    void cliDispatchPrintsZeekClientStyleOutputAndUsesExitCodes() throws Exception {
        Cli ok = cli(new DispatchCommand(), "get_id_value", "Cluster::node");
        assertThat(ok.exitCode).isEqualTo(0);
        JsonNode outcome = JSON.readTree(ok.out);
        assertThat(outcome.get("results").toString())
                .isEqualTo("{\"manager\":\"manager\",\"worker-01\":\"worker-01\"}");

        Cli withError =
                cli(new DispatchCommand(), "get_id_value", "Cluster::node", "--nodes", "worker-01,nope", "-o", "table");
        assertThat(withError.exitCode).isEqualTo(3);
        assertThat(withError.out)
                .containsPattern("worker-01\\s+ok\\s+\"worker-01\"")
                .containsPattern("nope\\s+error\\s+unknown cluster node");

        Cli nodes = cli(new NodesCommand());
        assertThat(nodes.exitCode).isEqualTo(0);
        assertThat(nodes.out).containsPattern("worker-01\\s+e2e\\s+live");

        Cli request = cli(new RequestCommand(), outcome.get("reqid").asText());
        assertThat(request.exitCode).isEqualTo(0);
        assertThat(JSON.readTree(request.out).get("state").asText()).isEqualTo("complete");
        assertThat(cli(new RequestCommand(), "no-such-reqid").exitCode).isEqualTo(5);
    }

    private record Cli(int exitCode, String out) {}

    private static synchronized Cli cli(Object command, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(
                "--bootstrap-servers",
                bus.bootstrapServers(),
                "--schema-registry-url",
                bus.schemaRegistryUrl(),
                "--topic-prefix",
                bus.topicPrefix()));
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            int exit = new CommandLine(command).execute(all.toArray(String[]::new));
            return new Cli(exit, captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(original);
        }
    }
}
