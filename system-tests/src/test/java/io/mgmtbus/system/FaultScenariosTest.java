package io.mgmtbus.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.mgmtbus.launcher.faults.FaultReport;
import io.mgmtbus.launcher.faults.FaultRun;
import io.mgmtbus.launcher.faults.FaultScenario;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Crashes and restarts under load, each part of the bus in its own JVM on a real broker (what
 * {@code mgmt faults} runs): afterwards the topics must show every request with exactly one
 * outcome, none counting an answer twice, and no HTTP caller left hanging.
 */
class FaultScenariosTest {

    private static final FaultRun.Settings UNDER_LOAD =
            new FaultRun.Settings(300, Duration.ofSeconds(4), Duration.ofSeconds(6), Duration.ofSeconds(10), null);

    @ParameterizedTest
    @EnumSource(FaultScenario.class)
    void nothingIsLostOrDoubled(FaultScenario scenario) throws Exception {
        FaultReport report = new FaultRun(scenario, UNDER_LOAD, System.out).run();
        System.out.println(report.counts() + "; stall " + report.stallMillis() + " ms");

        assertThat(report.issued()).as("requests issued under load").isGreaterThan(300);
        assertThat(report.lost()).as("requests without an outcome").isZero();
        assertThat(report.duplicateOutcomes())
                .as("outcomes beyond one per request")
                .isZero();
        assertThat(report.answersCountedTwice())
                .as("outcomes counting an answer twice")
                .isZero();
        assertThat(report.stallMillis()).as("outcomes resumed after the fault").isNotNegative();
        if (report.callers() != null) {
            assertThat(report.callers().hangs()).as("HTTP callers left hanging").isZero();
            assertThat(report.callers().outcomes())
                    .as("HTTP callers answered with outcomes")
                    .isPositive();
        }
    }
}
