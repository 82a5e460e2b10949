package io.mgmtbus.system.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mgmtbus.contracts.deadletter.DeadLetter;
import io.mgmtbus.contracts.groups.ConsumerGroups;
import io.mgmtbus.system.CliRun;
import io.mgmtbus.system.Http;
import io.mgmtbus.system.LiveBus;
import io.mgmtbus.testkit.TopicRecorder;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** The agent's {@code /health} tells the truth: healthy when nothing died, degraded when the streams-app is gone. */
class HealthTest {

    @Test
    void aMalformedHelloStopsNothingAndHealthStaysOk() throws Exception {
        try (LiveBus bus = LiveBus.start()) {
            bus.startAgent();
            byte[] hello = bus.encodedHello("evil");
            ByteBuffer.wrap(hello).putInt(1, 987_654); // an unknown schema id: what stopped the global thread before
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                    bus.config.clientProperties(), new ByteArraySerializer(), new ByteArraySerializer())) {
                producer.send(new ProducerRecord<>(bus.topics.hellos().name(), "evil".getBytes(), hello))
                        .get();
            }
            try (TopicRecorder<byte[], byte[]> dlq = new TopicRecorder<>(bus.config, bus.topics.deadLetter())) {
                var dead = dlq.atLeast(1, Duration.ofSeconds(60)).get(0);
                assertThat(DeadLetter.header(dead.headers(), DeadLetter.SOURCE_TOPIC))
                        .isEqualTo(bus.topics.hellos().name());
                assertThat(DeadLetter.header(dead.headers(), DeadLetter.REASON)).contains("unknown schema id 987654");
                assertThat(dead.value()).isEqualTo(hello);
            }
            HostileInputTest.assertEverythingStillRuns(bus);
        }
    }

    @Test
    void healthIsDegradedWithinSecondsOfTheStreamsAppStoppingAndOkWhenItIsBack() throws Exception {
        try (LiveBus bus = LiveBus.start()) {
            bus.startAgent();
            assertThat(health(bus).statusCode()).isEqualTo(200);

            bus.streams.close();
            long stopped = System.nanoTime();
            await().atMost(Duration.ofSeconds(5))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> health(bus).statusCode() == 503);
            System.out.printf(
                    "health degraded %d ms after the streams-app stopped%n", (System.nanoTime() - stopped) / 1_000_000);
            String body = health(bus).body();
            assertThat(body)
                    .contains("\"status\":\"degraded\"")
                    .contains("\"streams_app\":\"not running\"")
                    .contains("consumer group " + ConsumerGroups.streamsApp(bus.topics) + " has no members");

            CliRun nodes = CliRun.of(bus.config, "nodes");
            assertThat(nodes.exitCode()).isZero();
            assertThat(nodes.err())
                    .contains("mgmt nodes: warning: streams-app is not running: consumer group "
                            + ConsumerGroups.streamsApp(bus.topics) + " has no members");
            CliRun dispatch = CliRun.of(bus.config, "dispatch", "ping", "--timeout", "1s");
            assertThat(dispatch.exitCode()).isEqualTo(4);
            assertThat(dispatch.err())
                    .contains("mgmt dispatch: warning: streams-app is not running")
                    .contains(": the streams-app is not running (bin/mgmt streams)");

            bus.startStreamsApp();
            await().atMost(Duration.ofSeconds(10)).until(() -> health(bus).statusCode() == 200);
            assertThat(health(bus).body()).contains("\"status\":\"ok\"").contains("\"streams_app\":\"running\"");
        }
    }

    private static HttpResponse<String> health(LiveBus bus) throws Exception {
        return Http.get(bus.agent.url() + "/health");
    }
}
