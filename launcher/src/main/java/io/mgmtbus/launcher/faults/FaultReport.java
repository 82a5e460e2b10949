package io.mgmtbus.launcher.faults;

import java.util.List;
import java.util.Locale;

/**
 * What one fault run measured: the ledger of its requests, how long outcomes stopped after the
 * fault (the stall), the p99 of dispatches issued while the bus recovered, and for the agent
 * scenario what its HTTP callers got.
 *
 * @param stallMillis the longest time without an outcome from the fault on; -1 when none came
 * @param recoveryP99Millis p99 issue-to-outcome of the requests whose outcome came from the fault until 10 s after
 *     the stall: the ones that waited through it, and the first ones after
 * @param callers what the HTTP callers got (agent scenario only), else null
 */
public record FaultReport(
        FaultScenario scenario,
        int inFlight,
        Ledger ledger,
        long stallMillis,
        double recoveryP99Millis,
        Callers callers) {

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

    static String header() {
        return String.format(
                "%-25s %9s %7s %9s %10s %5s %14s %9s %8s %13s",
                "scenario",
                "in flight",
                "issued",
                "outcomes",
                "duplicate",
                "lost",
                "counted twice",
                "timed out",
                "stall s",
                "recovery p99");
    }

    String row() {
        return String.format(
                Locale.ROOT,
                "%-25s %9d %7d %9d %10d %5d %14d %9d %8s %11.1f s",
                scenario.label(),
                inFlight,
                ledger.issued(),
                ledger.withOutcome(),
                ledger.duplicateOutcomes(),
                ledger.lost(),
                ledger.answersCountedTwice(),
                ledger.timedOut(),
                stallMillis < 0 ? "none" : String.format(Locale.ROOT, "%.1f", stallMillis / 1000.0),
                recoveryP99Millis / 1000.0);
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
