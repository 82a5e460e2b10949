package io.mgmtbus.launcher.agent;

import io.mgmtbus.events.DispatchOutcome;
import io.mgmtbus.launcher.ExitCodes;

/** The exit code an outcome means for the commands that wait for one. */
final class OutcomeExit {

    private OutcomeExit() {}

    static int of(DispatchOutcome outcome) {
        return switch (outcome.getState()) {
            case COMPLETE -> outcome.getErrorCount() > 0 ? ExitCodes.ERRORS : ExitCodes.OK;
            case STOPPED -> ExitCodes.ERRORS;
            case TIMED_OUT -> ExitCodes.TIMED_OUT;
            case CANCELLED -> ExitCodes.CANCELLED;
            case UNKNOWN -> ExitCodes.FAILURE; // a state this CLI's schema does not know
        };
    }
}
