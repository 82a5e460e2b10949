package io.mgmtbus.launcher.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.topics.BusTopics;
import io.mgmtbus.testkit.TestBus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code mgmt streams} exits non-zero with a one-line reason when the app dies, so a supervisor restarts it. */
class StreamsCommandTest {

    @Test
    void exitsWithCode1AndSaysWhyWhenKafkaStreamsFails() throws Exception {
        BusConfig bus = TestBus.shared().newBus();
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(errors, true, StandardCharsets.UTF_8));
        try {
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> new CommandLine(new StreamsCommand())
                    .execute(
                            "--bootstrap-servers",
                            bus.bootstrapServers(),
                            "--schema-registry-url",
                            bus.schemaRegistryUrl(),
                            "--topic-prefix",
                            bus.topicPrefix(),
                            "--state-dir",
                            tempDir()));
            await().atMost(Duration.ofSeconds(90))
                    .until(() -> printed.toString(StandardCharsets.UTF_8).contains("streams-app running."));
            try (Admin admin = TestBus.shared().admin()) {
                admin.deleteTopics(List.of(new BusTopics(bus).requests().name()))
                        .all()
                        .get();
            }
            assertThat(exit.get(60, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(errors.toString(StandardCharsets.UTF_8).lines())
                    .anyMatch(
                            line -> line.startsWith("mgmt streams: Kafka Streams (dispatch topology) stopped in state")
                                    && line.contains("MissingSourceTopicException"));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private static String tempDir() {
        try {
            return Files.createTempDirectory("streams-command").toString();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
