package io.mgmtbus.agent.health;

import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.topics.BusTopics;
import io.mgmtbus.contracts.topics.ConsumerGroups;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupState;

/**
 * Whether the streams-app is running, judged from the broker: its two Kafka Streams
 * applications (dispatch topology and guard) each have a consumer group, which has members only
 * while an instance runs. A clean stop or a crash of the whole app (Kafka Streams in ERROR shuts
 * its threads and leaves) empties the group at once; a killed process drops out when its session
 * times out. Without a running streams-app no outcome is ever written, so the agent reports it.
 */
public final class StreamsAppStatus implements AutoCloseable {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(3);

    private final Admin admin;
    private final List<String> groups;

    public StreamsAppStatus(BusConfig config, BusTopics topics) {
        Map<String, Object> props = config.clientProperties();
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CALL_TIMEOUT.toMillis());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) CALL_TIMEOUT.toMillis());
        this.admin = Admin.create(props);
        this.groups = List.of(ConsumerGroups.streamsApp(topics), ConsumerGroups.streamsGuard(topics));
    }

    /** What is wrong with the streams-app, one line each; empty when it runs. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        Map<String, ConsumerGroupDescription> described;
        try {
            described = admin.describeConsumerGroups(groups).all().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return List.of("cannot tell whether the streams-app runs: Kafka did not describe its consumer groups (" + e + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of("interrupted while checking the streams-app");
        }
        for (String group : groups) {
            ConsumerGroupDescription description = described.get(group);
            if (description == null || description.members().isEmpty() || description.groupState() == GroupState.DEAD) {
                problems.add("streams-app is not running: consumer group " + group + " has no members"
                        + " (no outcomes will be written; start it with `mgmt streams`)");
            }
        }
        return problems;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(2));
    }
}
