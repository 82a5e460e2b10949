package io.mgmtbus.system.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.mgmtbus.harness.faults.FaultReport;
import io.mgmtbus.harness.faults.FaultRun;
import io.mgmtbus.harness.faults.FaultScenario;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Crashes and restarts under load, each part of the bus in its own JVM on a real broker or a
 * real three-broker cluster (what {@code mgmt faults} runs): afterwards the topics must show every request with exactly one
 * outcome, none counting an answer twice, and no HTTP caller left hanging.
 */
@Tag("slow")
class FaultScenariosTest {

    private static final FaultRun.Settings UNDER_LOAD =
            new FaultRun.Settings(300, Duration.ofSeconds(4), Duration.ofSeconds(6), Duration.ofSeconds(10), null);

    /** Three brokers and five bus JVMs share two cores: fewer in flight keeps the run's length bounded. */
    private static final FaultRun.Settings CLUSTER_UNDER_LOAD =
            new FaultRun.Settings(200, Duration.ofSeconds(4), Duration.ofSeconds(6), Duration.ofSeconds(10), null);

    // cluster-broker-kill is the first half of cluster-broker-streams-kill: run once, as part of it.
    @ParameterizedTest
    @EnumSource(value = FaultScenario.class, mode = EnumSource.Mode.EXCLUDE, names = "CLUSTER_BROKER_KILL")
    void nothingIsLostOrDoubled(FaultScenario scenario) throws Exception {
        FaultRun.Settings settings = scenario.brokers() > 1 ? CLUSTER_UNDER_LOAD : UNDER_LOAD;
        FaultReport report = new FaultRun(scenario, settings, System.out).run();
        System.out.println(report.counts() + "; stall " + report.stallMillis() + " ms");
        System.out.println(FaultReport.header() + System.lineSeparator() + report.row());

        assertThat(report.issued()).as("requests issued under load").isGreaterThan(settings.inFlight());
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
