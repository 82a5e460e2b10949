package io.mgmtbus.system.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mgmtbus.harness.faults.ChildMain;
import io.mgmtbus.registry.RegistryServer;
import io.mgmtbus.testcluster.TestCluster;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The registry's writer dies the hard way ({@code kill -9}: no goodbye to the group, a
 * transaction possibly open): the other instance is elected within the session timeout, a write
 * sent to it meanwhile waits for the new writer instead of failing, and no id is given twice.
 */
@Tag("slow")
class RegistryFailoverTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aKilledWriterIsReplacedAndNoIdIsGivenTwice() throws Exception {
        String bootstrap = TestCluster.shared().bootstrapServers();
        String topic = "_schemas_failover_" + UUID.randomUUID();
        int port = freePort();
        Path log = Files.createTempFile("registry-writer", ".log");
        ProcessBuilder command = new ProcessBuilder(
                        Paths.get(System.getProperty("java.home"), "bin", "java")
                                .toString(),
                        "-Xmx256m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        ChildMain.class.getName(), // exits when this JVM does, even if the test is killed half-way
                        "registry",
                        "--bootstrap-servers",
                        bootstrap,
                        "--host",
                        "127.0.0.1",
                        "--port",
                        Integer.toString(port),
                        "--topic",
                        topic)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Process writer = command.start();
        String writerUrl = "http://127.0.0.1:" + port;
        try {
            awaitLine(log, "Schema registry listening", writer);
            try (RegistryServer survivor = RegistryServer.start(bootstrap, topic, "127.0.0.1", 0)) {
                assertThat(survivor.isWriter()).as("the first instance writes").isFalse();
                Map<Integer, String> ids = new HashMap<>();
                for (int i = 0; i < 5; i++) {
                    record(ids, register(i % 2 == 0 ? writerUrl : survivor.url(), "Before" + i));
                }

                writer.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                long killed = System.nanoTime();
                // Sent at once: the survivor still names the dead writer; the write waits for the election.
                record(ids, register(survivor.url(), "During"));
                Duration firstWrite = Duration.ofNanos(System.nanoTime() - killed);
                System.out.println("registry failover: first write " + firstWrite.toMillis() + " ms after kill -9");
                assertThat(survivor.isWriter()).isTrue();
                for (int i = 0; i < 5; i++) {
                    record(ids, register(survivor.url(), "After" + i));
                }

                assertThat(ids).hasSize(11);
                for (var entry : ids.entrySet()) {
                    assertThat(get(survivor.url() + "/schemas/ids/" + entry.getKey())
                                    .get("schema")
                                    .asText())
                            .contains("\"" + entry.getValue() + "\"");
                }
            }
        } finally {
            writer.destroyForcibly();
        }
    }

    private static void record(Map<Integer, String> ids, JsonNode registered) {
        String name = registered.get("schema").asText().replaceAll(".*\"name\":\"([A-Za-z0-9]+)\".*", "$1");
        assertThat(ids.put(registered.get("id").asInt(), name))
                .as("id %s given twice", registered.get("id"))
                .isNull();
    }

    private static JsonNode register(String url, String name) throws Exception {
        String schema = "{\"type\":\"record\",\"name\":\"" + name + "\",\"fields\":[]}";
        HttpResponse<String> answer = HTTP.send(
                HttpRequest.newBuilder(URI.create(url + "/subjects/" + name + "-value/versions"))
                        .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                JSON.createObjectNode().put("schema", schema).toString()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }

    private static JsonNode get(String url) throws Exception {
        return JSON.readTree(
                HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
                        .body());
    }

    private static void awaitLine(Path log, String text, Process process) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.readString(log).contains(text)) {
                return;
            }
            assertThat(process.isAlive())
                    .as("registry exited: %s", Files.readString(log))
                    .isTrue();
            Thread.sleep(100);
        }
        throw new AssertionError("registry did not start: " + Files.readString(log));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
