package io.mgmtbus.testcluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ClusterSourceTest {

    @Test
    void theEmbeddedBrokerIsTheDefaultAndDockerIsNotEvenAskedAbout() {
        AtomicBoolean asked = new AtomicBoolean();
        assertThat(ClusterSource.choose(Map.of(), () -> asked.getAndSet(true))).isEqualTo(ClusterSource.EMBEDDED);
        assertThat(asked).isFalse();
        assertThat(ClusterSource.choose(Map.of("MGMT_TEST_DOCKER", "false"), () -> true))
                .isEqualTo(ClusterSource.EMBEDDED);
    }

    @Test
    void containersOnlyWhenAskedForAndDockerAnswers() {
        assertThat(ClusterSource.choose(Map.of("MGMT_TEST_DOCKER", "true"), () -> true))
                .isEqualTo(ClusterSource.CONTAINERS);
        assertThat(ClusterSource.choose(Map.of("MGMT_TEST_DOCKER", "TRUE "), () -> false))
                .as("no Docker engine: the embedded broker")
                .isEqualTo(ClusterSource.EMBEDDED);
    }

    @Test
    void anExternalClusterWinsAndMoreBrokersMeanTheEmbeddedCluster() {
        assertThat(ClusterSource.choose(
                        Map.of("MGMT_BOOTSTRAP_SERVERS", "kafka:9092", "MGMT_TEST_DOCKER", "true"), () -> true))
                .isEqualTo(ClusterSource.EXTERNAL);
        assertThat(ClusterSource.choose(Map.of("MGMT_TEST_BROKERS", "3"), () -> false))
                .isEqualTo(ClusterSource.EMBEDDED_CLUSTER);
        assertThat(ClusterSource.choose(Map.of("MGMT_TEST_BROKERS", "1"), () -> false))
                .isEqualTo(ClusterSource.EMBEDDED);
    }
}
