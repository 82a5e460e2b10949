package io.mgmtbus.system.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.system.CliRun;
import io.mgmtbus.system.ExternalProcess;
import io.mgmtbus.system.LiveBus;
import io.mgmtbus.system.LiveBusPerClass;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * "Any Kafka client" with other defaults than ours: Debian's python3-confluent-kafka
 * (librdkafka) with its default CRC32 partitioner produces requests from the schema it fetched
 * from the registry, and reads every outcome read_committed from its request's partition.
 */
@Tag("slow")
class PythonClientInteropTest {

    /** Debian's interpreter, where apt installs python3-confluent-kafka and python3-avro (not a pyenv one). */
    private static final String PYTHON = "/usr/bin/python3";

    private static final Path SCRIPTS = Path.of("src/test/python");

    @RegisterExtension
    static final LiveBusPerClass live = new LiveBusPerClass();

    @Test
    void librdkafkaWithItsDefaultPartitionerGetsEveryOutcome() throws Exception {
        String out =
                ExternalProcess.run(SCRIPTS, List.of(PYTHON, "librdkafka_interop.py"), env(), Duration.ofSeconds(120));
        List<JsonNode> outcomes = ExternalProcess.jsonLines(out);
        assertThat(outcomes).hasSize(8);
        assertThat(outcomes).allSatisfy(o -> {
            assertThat(o.get("state").asText()).isEqualTo("COMPLETE");
            assertThat(o.get("outcome_partition").asInt())
                    .isEqualTo(o.get("request_partition").asInt());
        });
        assertThat(outcomes)
                .filteredOn(o -> o.get("kind").asText().equals("unknown-node"))
                .allSatisfy(o -> assertThat(o.get("results").toString())
                        .isEqualTo("{\"nope\":[false,\"unknown cluster node\"]}"));
        assertThat(outcomes)
                .as("librdkafka placed some request where Java's murmur2 would not")
                .anyMatch(o -> o.get("request_partition").asInt()
                        != LiveBus.murmur2Partition(o.get("reqid").asText()));
        // The audit finds each of them by reqid alone (through the request index), where librdkafka put it.
        for (JsonNode o : outcomes) {
            CliRun audit = CliRun.of(
                    live.bus().config,
                    "audit",
                    "--reqid",
                    o.get("reqid").asText(),
                    "--topic",
                    "requests,outcomes",
                    "-o",
                    "json");
            assertThat(audit.err()).doesNotContain("not in the request index");
            assertThat(ExternalProcess.jsonLines(audit.out()))
                    .extracting(e ->
                            e.get("topic").asText() + "@" + e.get("partition").asInt())
                    .containsExactlyInAnyOrder(
                            "requests@" + o.get("request_partition").asInt(),
                            "outcomes@" + o.get("request_partition").asInt());
        }
    }

    /** The "produce a request from Python" example of docs/producing-from-any-client.md, run exactly as printed there. */
    @Test
    void theReadmePythonExampleWorksAsPrinted() throws Exception {
        Path script = Files.createTempFile("readme-example", ".py");
        Files.writeString(script, readmeExample());
        String out = ExternalProcess.run(SCRIPTS, List.of(PYTHON, script.toString()), env(), Duration.ofSeconds(90));
        assertThat(out)
                .contains("COMPLETE {")
                .contains("'manager': '\"manager\"'")
                .contains("'worker-01': '\"worker-01\"'")
                .contains("'worker-02': '\"worker-02\"'");
    }

    private static String readmeExample() throws Exception {
        String readme = Files.readString(Path.of("../docs/producing-from-any-client.md"), StandardCharsets.UTF_8);
        Matcher block = Pattern.compile("<!-- python-example -->\\s*```python\\n(.*?)```", Pattern.DOTALL)
                .matcher(readme);
        assertThat(block.find())
                .as("docs/producing-from-any-client.md has a ```python block after <!-- python-example -->")
                .isTrue();
        return block.group(1);
    }

    private static Map<String, String> env() {
        BusConfig config = live.bus().config;
        return Map.of(
                BusConfig.envName(BusConfig.BOOTSTRAP_SERVERS),
                config.bootstrapServers(),
                BusConfig.envName(BusConfig.SCHEMA_REGISTRY_URL),
                config.schemaRegistryUrl(),
                BusConfig.envName(BusConfig.TOPIC_PREFIX),
                config.topicPrefix());
    }
}
