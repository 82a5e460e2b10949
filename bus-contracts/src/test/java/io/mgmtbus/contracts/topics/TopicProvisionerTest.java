package io.mgmtbus.contracts.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.testcluster.TestCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

class TopicProvisionerTest {

    private final TestCluster cluster = TestCluster.shared();

    @Test
    void createsEveryTopicWithItsPolicyThenOnlyVerifies() throws Exception {
        BusConfig bus = new BusConfig(
                cluster.bootstrapServers(),
                cluster.registryUrl(),
                "p" + UUID.randomUUID().toString().substring(0, 6) + ".");
        BusTopics topics = new BusTopics(bus);
        try (Admin admin = cluster.admin()) {
            TopicProvisioner.Report first = new TopicProvisioner(admin).ensure(topics.specs());
            assertThat(first.created())
                    .containsExactlyInAnyOrder(
                            bus.topicPrefix() + TopicNames.REQUESTS,
                            bus.topicPrefix() + TopicNames.RESPONSES,
                            bus.topicPrefix() + TopicNames.OUTCOMES,
                            bus.topicPrefix() + TopicNames.CANCELS,
                            bus.topicPrefix() + TopicNames.HELLOS,
                            bus.topicPrefix() + TopicNames.DEAD_LETTER,
                            bus.topicPrefix() + TopicNames.REDRIVEN,
                            bus.topicPrefix() + TopicNames.REQUEST_INDEX);

            TopicProvisioner.Report second = new TopicProvisioner(admin).ensure(topics.specs());
            assertThat(second.created()).isEmpty();
            assertThat(second.verified()).hasSize(8);

            var described = admin.describeTopics(List.of(
                            topics.requests().name(),
                            topics.responses().name(),
                            topics.outcomes().name(),
                            topics.cancels().name()))
                    .allTopicNames()
                    .get();
            assertThat(described.values())
                    .allSatisfy(d -> assertThat(d.partitions()).hasSize(BusTopics.DISPATCH_PARTITIONS));
            ConfigResource hellos = new ConfigResource(
                    ConfigResource.Type.TOPIC, topics.hellos().name());
            assertThat(admin.describeConfigs(List.of(hellos))
                            .all()
                            .get()
                            .get(hellos)
                            .get("cleanup.policy")
                            .value())
                    .isEqualTo("compact");
        }
    }

    @Test
    void componentsStartingTogetherAllProvisionTheSameBus() throws Exception {
        // Every role provisions at start; in docker compose they all start at once.
        BusConfig bus = new BusConfig(
                cluster.bootstrapServers(),
                cluster.registryUrl(),
                "r" + UUID.randomUUID().toString().substring(0, 6) + ".");
        List<String> specs =
                new BusTopics(bus).specs().stream().map(TopicSpec::name).toList();
        ExecutorService starting = Executors.newFixedThreadPool(6);
        try {
            List<Future<TopicProvisioner.Report>> reports = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                reports.add(starting.submit(() -> {
                    try (Admin own = cluster.admin()) { // each component has its own client
                        return new TopicProvisioner(own).ensure(new BusTopics(bus).specs());
                    }
                }));
            }
            List<String> created = new ArrayList<>();
            for (Future<TopicProvisioner.Report> report : reports) {
                created.addAll(report.get().created());
            }
            assertThat(created)
                    .as("each topic created once, by one of them")
                    .containsExactlyInAnyOrderElementsOf(specs);
        } finally {
            starting.shutdown();
        }
    }

    @Test
    void refusesAnExistingTopicWithTheWrongPartitionCount() throws Exception {
        BusConfig bus = new BusConfig(
                cluster.bootstrapServers(),
                cluster.registryUrl(),
                "q" + UUID.randomUUID().toString().substring(0, 6) + ".");
        BusTopics topics = new BusTopics(bus);
        try (Admin admin = cluster.admin()) {
            admin.createTopics(List.of(new NewTopic(topics.responses().name(), 2, (short) 1).configs(Map.of())))
                    .all()
                    .get();
            assertThatThrownBy(() -> new TopicProvisioner(admin).ensure(topics.specs()))
                    .hasMessageContaining(
                            "topic " + topics.responses().name() + " has 2 partitions but the bus needs 6");
        }
    }
}
