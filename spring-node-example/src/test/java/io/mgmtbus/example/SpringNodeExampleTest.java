package io.mgmtbus.example;

import static org.assertj.core.api.Assertions.assertThat;

import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.topics.BusTopics;
import io.mgmtbus.events.NodeDispatchRequest;
import io.mgmtbus.events.NodeDispatchResponse;
import io.mgmtbus.spring.ManagedNodeLifecycle;
import io.mgmtbus.testkit.TestBus;
import io.mgmtbus.testkit.TopicRecorder;
import io.mgmtbus.testkit.TopicWriter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.actuate.health.SystemHealth;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The example service on a real broker: its {@code @ManagedAction} answers a request through the
 * topics, Actuator's health shows the node (UP while it answers, DOWN once stopped), and the
 * node's metrics are in the application's Micrometer registry.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = "mgmt.node.name=spring-test-node")
class SpringNodeExampleTest {

    private static final BusConfig BUS = TestBus.shared().newBus();

    @DynamicPropertySource
    static void bus(DynamicPropertyRegistry registry) {
        registry.add("mgmt.bus.bootstrap-servers", BUS::bootstrapServers);
        registry.add("mgmt.bus.schema-registry-url", BUS::schemaRegistryUrl);
        registry.add("mgmt.bus.topic-prefix", BUS::topicPrefix);
    }

    @Autowired
    HealthEndpoint health;

    @Autowired
    MeterRegistry meters;

    @Autowired
    ManagedNodeLifecycle node;

    @Test
    void aManagedActionAnswersAndHealthAndMetricsShowTheNode() throws Exception {
        BusTopics topics = new BusTopics(BUS);
        String reqid = "spring-" + java.util.UUID.randomUUID();
        try (TopicRecorder<String, NodeDispatchResponse> answers = new TopicRecorder<>(BUS, topics.responses());
                TopicWriter<String, NodeDispatchRequest> requests = new TopicWriter<>(BUS, topics.requests())) {
            requests.send(
                    reqid,
                    NodeDispatchRequest.newBuilder()
                            .setReqid(reqid)
                            .setAction(List.of("app_version"))
                            .setIssuedAt(Instant.now())
                            .build());
            List<ConsumerRecord<String, NodeDispatchResponse>> got = answers.until(
                    records -> records.stream().anyMatch(r -> reqid.equals(r.key())), Duration.ofSeconds(30));
            NodeDispatchResponse answer = got.stream()
                    .filter(r -> reqid.equals(r.key()))
                    .findFirst()
                    .orElseThrow()
                    .value();
            assertThat(answer.getResult().getSuccess()).isTrue();
            assertThat(answer.getResult().getNode()).isEqualTo("spring-test-node");
            assertThat(answer.getResult().getData()).isEqualTo("\"1.0.0\"");
        }

        var nodeHealth = ((SystemHealth) health.health()).getComponents().get("managedNode");
        assertThat(nodeHealth.getStatus()).isEqualTo(Status.UP);
        assertThat(((org.springframework.boot.actuate.health.Health) nodeHealth).getDetails())
                .containsEntry("node", "spring-test-node")
                .containsEntry("labels", Map.of("role", "example", "framework", "spring"));
        assertThat(meters.find("mgmt.node.requests").counters())
                .as("the node's metrics in the application's registry")
                .isNotEmpty();

        node.stop();
        assertThat(((SystemHealth) health.health())
                        .getComponents()
                        .get("managedNode")
                        .getStatus())
                .isEqualTo(Status.DOWN);
    }
}
