package io.mgmtbus.system.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.topics.BusProvisioning;
import io.mgmtbus.contracts.topics.BusTopics;
import io.mgmtbus.contracts.topics.TopicProvisioner;
import io.mgmtbus.contracts.topics.TopicSpec;
import io.mgmtbus.embedded.EmbeddedKafkaCluster;
import io.mgmtbus.registry.RegistryServer;
import io.mgmtbus.streams.DispatchSettings;
import io.mgmtbus.streams.StreamsApp;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * On a real three-broker cluster, the bus keeps three copies of everything with
 * {@code min.insync.replicas=2}: its own topics and the streams-app's changelogs; an existing
 * topic with fewer copies is used with a warning naming it.
 */
@Tag("slow")
class ClusterProvisioningTest {

    @Test
    void everyTopicOfTheBusKeepsThreeCopiesAndAWeakerOneIsNamed(@TempDir Path state) throws Exception {
        try (EmbeddedKafkaCluster cluster =
                        EmbeddedKafkaCluster.builder().brokers(3).start();
                RegistryServer registry = RegistryServer.start(cluster.bootstrapServers(), "127.0.0.1", 0);
                Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            BusConfig bus = new BusConfig(cluster.bootstrapServers(), registry.url(), "");
            try (StreamsApp streams = StreamsApp.start(bus, DispatchSettings.defaults(), state)) {
                BusTopics topics = new BusTopics(bus);
                List<String> busTopics =
                        topics.specs().stream().map(TopicSpec::name).toList();
                List<String> internal = admin.listTopics().names().get().stream()
                        .filter(name -> name.startsWith("mgmt-streams"))
                        .toList();
                assertThat(internal).as("the streams-app's changelogs").isNotEmpty();
                for (String topic : union(busTopics, internal)) {
                    assertThat(copies(admin, topic)).as("copies of " + topic).isEqualTo(3);
                    assertThat(minIsr(admin, topic))
                            .as("min.insync.replicas of " + topic)
                            .isEqualTo("2");
                }
            }

            // Someone made the requests topic of another bus with one copy: it is used, and named.
            admin.createTopics(List.of(
                            new NewTopic("weak.mgmt.dispatch.requests", Optional.of(6), Optional.of((short) 1))))
                    .all()
                    .get(30, TimeUnit.SECONDS);
            ListAppender<ILoggingEvent> warnings = new ListAppender<>();
            Logger provisioner = (Logger) LoggerFactory.getLogger(TopicProvisioner.class);
            warnings.start();
            provisioner.addAppender(warnings);
            try {
                BusProvisioning.ensure(new BusConfig(cluster.bootstrapServers(), registry.url(), "weak."));
            } finally {
                provisioner.detachAppender(warnings);
            }
            assertThat(warnings.list)
                    .map(ILoggingEvent::getFormattedMessage)
                    .anySatisfy(message -> assertThat(message)
                            .contains("weak.mgmt.dispatch.requests keeps 1 copies")
                            .contains("replication factor 3"));
        }
    }

    private static List<String> union(Collection<String> a, Collection<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }

    private static int copies(Admin admin, String topic) throws Exception {
        TopicDescription description =
                admin.describeTopics(Set.of(topic)).allTopicNames().get().get(topic);
        return description.partitions().get(0).replicas().size();
    }

    private static String minIsr(Admin admin, String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource))
                .all()
                .get()
                .get(resource)
                .get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG)
                .value();
    }
}
