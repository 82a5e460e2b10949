package io.mgmtbus.system.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mgmtbus.events.NodeDispatchRequest;
import io.mgmtbus.system.CliRun;
import io.mgmtbus.system.LiveBus;
import io.mgmtbus.testkit.TopicWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code mgmt replay} into a second bus (its own prefix, streams-app and nodes) on the same
 * cluster: replayed outcomes equal the originals, and when one node answers differently there,
 * {@code --compare} names that node and exits non-zero.
 */
@Tag("slow")
class ReplayTest {

    private static LiveBus source;
    private static LiveBus target;
    private static Instant before;
    private static Instant middle;
    private static Instant after;

    @BeforeAll
    static void twoBuses() throws Exception {
        source = LiveBus.start((name, node) -> node.identifier("app.version", () -> "1.4"));
        // On the target bus worker-02 runs a newer version: its answer to app.version differs.
        target = LiveBus.start(
                (name, node) -> node.identifier("app.version", () -> name.equals("worker-02") ? "1.5" : "1.4"));
        before = Instant.now();
        List<String> names = send("names-", 3, "Cluster::node");
        source.exactlyOneOutcomeEach(names, Duration.ofSeconds(60));
        Thread.sleep(20);
        middle = Instant.now();
        List<String> versions = send("version-", 2, "app.version");
        source.exactlyOneOutcomeEach(versions, Duration.ofSeconds(60));
        Thread.sleep(20);
        after = Instant.now();
    }

    @AfterAll
    static void stop() throws Exception {
        target.close();
        source.close();
    }

    private static List<String> send(String prefix, int count, String identifier) {
        List<String> reqids = new ArrayList<>();
        try (TopicWriter<String, NodeDispatchRequest> requests =
                new TopicWriter<>(source.config, source.topics.requests())) {
            for (int i = 0; i < count; i++) {
                String reqid = prefix + i;
                requests.send(reqid, LiveBus.request(reqid, List.of(), "get_id_value", identifier));
                reqids.add(reqid);
            }
        }
        return reqids;
    }

    @Test
    void replayedOutcomesEqualTheOriginals() throws Exception {
        Path map = Files.createTempFile("replay-map", ".json");
        CliRun run = replay(
                "--since", before.toString(), "--until", middle.toString(), "--compare", "--map-file", map.toString());
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("replayed 3 request(s)").contains("all 3 outcomes equal");
        JsonNode mapping = new ObjectMapper().readTree(map.toFile());
        assertThat(mapping).hasSize(3);
        assertThat(mapping).allSatisfy(m -> {
            assertThat(m.get("original").asText()).startsWith("names-");
            assertThat(m.get("reqid").asText()).isNotEqualTo(m.get("original").asText()); // fresh reqids by default
        });
    }

    @Test
    void compareNamesTheNodeThatAnswersDifferently() {
        CliRun run = replay("--since", middle.toString(), "--until", after.toString(), "--compare");
        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(6);
        assertThat(run.out())
                .contains("2 of 2 outcomes differ")
                .contains("worker-02: data \"1.4\" -> \"1.5\"")
                .doesNotContain("worker-01: data");
    }

    @Test
    void aDryRunProducesNothing() {
        CliRun run = replay(
                "--action",
                "get_id_value",
                "--since",
                before.toString(),
                "--until",
                after.toString(),
                "--dry-run",
                "--keep-reqids");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("names-0 -> names-0").contains("dry run: would replay 5 request(s)");
        CliRun audit = CliRun.of(target.config, "audit", "--reqid", "names-0", "-o", "json");
        assertThat(audit.out()).isEmpty();
    }

    private static CliRun replay(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--to-prefix", target.config.topicPrefix()));
        return CliRun.of(source.config, "replay", all.toArray(String[]::new));
    }
}
