package io.mgmtbus.system.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mgmtbus.system.CliRun;
import io.mgmtbus.system.LiveBusPerClass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The operator's commands (dispatch, nodes, request) end to end: real nodes, the real streams-app, a real broker. */
class OperatorCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final LiveBusPerClass live = new LiveBusPerClass();

    @Test
    void cliDispatchPrintsZeekClientStyleOutputAndUsesExitCodes() throws Exception {
        CliRun ok = cli("dispatch", "get_id_value", "Cluster::node");
        assertThat(ok.exitCode()).isEqualTo(0);
        JsonNode outcome = JSON.readTree(ok.out());
        assertThat(outcome.get("results").toString())
                .isEqualTo("{\"manager\":\"manager\",\"worker-01\":\"worker-01\",\"worker-02\":\"worker-02\"}");

        CliRun withError = cli("dispatch", "get_id_value", "Cluster::node", "--nodes", "worker-01,nope", "-o", "table");
        assertThat(withError.exitCode()).isEqualTo(3);
        assertThat(withError.out())
                .containsPattern("worker-01\\s+ok\\s+\"worker-01\"")
                .containsPattern("nope\\s+error\\s+unknown cluster node");

        CliRun nodes = cli("nodes");
        assertThat(nodes.exitCode()).isEqualTo(0);
        assertThat(nodes.out()).containsPattern("worker-01\\s+system-test\\s+live");

        CliRun request = cli("request", outcome.get("reqid").asText());
        assertThat(request.exitCode()).isEqualTo(0);
        assertThat(JSON.readTree(request.out()).get("state").asText()).isEqualTo("complete");
        assertThat(cli("request", "no-such-reqid").exitCode()).isEqualTo(5);
    }

    private static CliRun cli(String command, String... args) {
        return CliRun.of(live.bus().config, command, args);
    }
}
