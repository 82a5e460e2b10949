package io.mgmtbus.harness.faults;

import java.util.List;
import java.util.Locale;

/**
 * What one fault run measured: the ledger of its requests, how long outcomes stopped after the
 * fault (the stall), the p99 of dispatches issued while the bus recovered, and for the agent
 * scenario what its HTTP callers got.
 *
 * @param stallMillis the longest time without an outcome from the fault on; -1 when none came
 * @param p99s dispatch p99s before the fault, while the bus recovered, and after
 * @param callers what the HTTP callers got (agent scenario only), else null
 */
public record FaultReport(
        FaultScenario scenario, int inFlight, Ledger ledger, long stallMillis, P99s p99s, Callers callers) {

    /**
     * Issue-to-outcome p99s in millis (NaN when no outcome came in the span).
     *
     * @param before of outcomes seen between the start of the load and the fault
     * @param recovery of outcomes seen from the fault until 10 s after the stall: the requests that
     *     waited through it, and the first ones after
     * @param after of outcomes seen later
     */
    public record P99s(double before, double recovery, double after) {}

    /** The p99 while the bus recovered (see {@link P99s#recovery()}). */
    public double recoveryP99Millis() {
        return p99s.recovery();
    }

    /**
     * @param outcomes calls answered with their outcome
     * @param explainedErrors calls answered with an error status and a message
     * @param connectionErrors calls refused or cut while the agent was down
     * @param hangs calls not answered long after their timeout, or answered without a message
     */
    public record Callers(int outcomes, int explainedErrors, int connectionErrors, int hangs, List<String> samples) {}

    /** Nothing lost, nothing doubled, and no caller left hanging. */
    public boolean passed() {
        return ledger.clean() && ledger.issued() > 0 && (callers == null || callers.hangs() == 0);
    }

    public int lost() {
        return ledger.lost();
    }

    public int duplicateOutcomes() {
        return ledger.duplicateOutcomes();
    }

    public int answersCountedTwice() {
        return ledger.answersCountedTwice();
    }

    public int issued() {
        return ledger.issued();
    }

    public static String header() {
        return String.format(
                "%-27s %9s %7s %9s %10s %5s %14s %9s %8s %10s %12s %9s",
                "scenario",
                "in flight",
                "issued",
                "outcomes",
                "duplicate",
                "lost",
                "counted twice",
                "timed out",
                "stall s",
                "p99 before",
                "p99 recovery",
                "p99 after");
    }

    public String row() {
        return String.format(
                Locale.ROOT,
                "%-27s %9d %7d %9d %10d %5d %14d %9d %8s %8.1f s %10.1f s %7.1f s",
                scenario.label(),
                inFlight,
                ledger.issued(),
                ledger.withOutcome(),
                ledger.duplicateOutcomes(),
                ledger.lost(),
                ledger.answersCountedTwice(),
                ledger.timedOut(),
                stallMillis < 0 ? "none" : String.format(Locale.ROOT, "%.1f", stallMillis / 1000.0),
                p99s.before() / 1000.0,
                p99s.recovery() / 1000.0,
                p99s.after() / 1000.0);
    }

    /** The one-line summary the issue asks every run to print. */
    public String counts() {
        return String.format(
                "%s: issued %d / outcomes %d / duplicate outcomes %d / lost %d / answers counted twice %d",
                scenario.label(),
                ledger.issued(),
                ledger.withOutcome(),
                ledger.duplicateOutcomes(),
                ledger.lost(),
                ledger.answersCountedTwice());
    }
}
