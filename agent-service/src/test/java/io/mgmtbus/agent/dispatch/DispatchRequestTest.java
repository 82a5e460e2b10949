package io.mgmtbus.agent.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mgmtbus.contracts.dispatch.DispatchDefaults;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DispatchRequestTest {

    @Test
    void defaultsToAllNodesAndTheDefaultTimeout() {
        DispatchRequest request = new DispatchRequest(List.of("ping"), null, null);
        assertThat(request.nodes()).isEmpty();
        assertThat(request.timeout()).isEqualTo(DispatchDefaults.TIMEOUT);
    }

    @Test
    void refusesWhatMustNotBecomeARequest() {
        assertThatThrownBy(() -> new DispatchRequest(List.of(), null, null))
                .isInstanceOf(DispatchRequest.Invalid.class)
                .hasMessageStartingWith("action must be a non-empty list");
        assertThatThrownBy(() -> new DispatchRequest(List.of(" "), null, null))
                .isInstanceOf(DispatchRequest.Invalid.class);
        assertThatThrownBy(() -> new DispatchRequest(Arrays.asList("ping", null), null, null))
                .hasMessage("action elements must be strings, not null");
        assertThatThrownBy(() -> new DispatchRequest(List.of("ping"), List.of("ok", "no way"), null))
                .hasMessageStartingWith("bad node name 'no way'");
        assertThatThrownBy(() -> new DispatchRequest(List.of("ping"), List.of("a", "a"), null))
                .hasMessage("node names must not repeat: [a, a]");
        assertThatThrownBy(() -> new DispatchRequest(List.of("ping"), null, Duration.ofMillis(10)))
                .hasMessageContaining("out of range");
        assertThatThrownBy(() -> new DispatchRequest(List.of("ping"), null, Duration.ofHours(1)))
                .hasMessageContaining("out of range");
    }

    @Test
    void parsesOperatorTimeouts() {
        assertThat(DispatchRequest.parseTimeout("5s")).isEqualTo(Duration.ofSeconds(5));
        assertThat(DispatchRequest.parseTimeout("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(DispatchRequest.parseTimeout("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DispatchRequest.parseTimeout("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(DispatchRequest.parseTimeout("PT3S")).isEqualTo(Duration.ofSeconds(3));
        assertThat(DispatchRequest.parseTimeout("7")).isEqualTo(Duration.ofSeconds(7));
        assertThat(DispatchRequest.parseTimeout(null)).isNull();
        assertThatThrownBy(() -> DispatchRequest.parseTimeout("soon"))
                .hasMessage("bad timeout 'soon': use e.g. 5s, 500ms, 2m or PT5S");
    }
}
