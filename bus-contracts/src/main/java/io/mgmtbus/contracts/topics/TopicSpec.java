package io.mgmtbus.contracts.topics;

import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;

/** How a topic must be created: partitions and topic-level configs (cleanup policy, retention). */
public record TopicSpec(String name, int partitions, Map<String, String> configs) {

    public TopicSpec {
        configs = Map.copyOf(configs);
    }

    public String cleanupPolicy() {
        return configs.getOrDefault(TopicConfig.CLEANUP_POLICY_CONFIG, "delete");
    }
}
