package io.mgmtbus.agent.health;

import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.groups.ConsumerGroups;
import io.mgmtbus.contracts.topics.BusTopics;
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
 * while an instance runs. A clean stop empties both at once; a killed process drops out when its
 * session times out (45 s by default). Without a running streams-app no outcome is ever written, so the agent reports it.
 * (Kafka Streams that stop in ERROR stay in their group until the session times out; the app
 * then closes its other part, which leaves at once, and {@code mgmt streams} exits.)
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

    /** Whether the streams-app runs, as far as the broker can tell. */
    public enum State {
        RUNNING,
        NOT_RUNNING,
        UNKNOWN
    }

    /** The answer of one check: the state, and what is wrong, one line each (empty when it runs). */
    public record Status(State state, List<String> problems) {

        /** The state as {@code /health} shows it: running, not running, unknown. */
        public String label() {
            return state.name().toLowerCase().replace('_', ' ');
        }
    }

    public Status check() {
        List<String> problems = new ArrayList<>();
        Map<String, ConsumerGroupDescription> described;
        try {
            described = admin.describeConsumerGroups(groups).all().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return new Status(
                    State.UNKNOWN,
                    List.of("cannot tell whether the streams-app runs: Kafka did not describe its consumer groups (" + e
                            + ")"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Status(State.UNKNOWN, List.of("interrupted while checking the streams-app"));
        }
        for (String group : groups) {
            ConsumerGroupDescription description = described.get(group);
            if (description == null || description.members().isEmpty() || description.groupState() == GroupState.DEAD) {
                problems.add("streams-app is not running: consumer group " + group + " has no members"
                        + " (no outcomes will be written; start it with `mgmt streams`)");
            }
        }
        return new Status(problems.isEmpty() ? State.RUNNING : State.NOT_RUNNING, List.copyOf(problems));
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(2));
    }
}
