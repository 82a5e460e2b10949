package io.mgmtbus.launcher;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Operators get one line saying what is wrong (port taken, unreachable cluster, bad config), not
 * a stack trace; the trace is still logged at debug level for developers.
 */
final class OneLineErrors implements IExecutionExceptionHandler {

    /** Exit code for a failure at run time (bad input is picocli's 2). */
    static final int RUNTIME_FAILURE = 1;

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
        cmd.getErr().println("mgmt " + cmd.getCommandName() + ": " + message(e));
        org.slf4j.LoggerFactory.getLogger(OneLineErrors.class).debug("failure", e);
        // Invalid input or configuration is a usage error (2), like picocli's own; the rest a failure (1).
        return e instanceof IllegalArgumentException ? CommandLine.ExitCode.USAGE : RUNTIME_FAILURE;
    }

    private static String message(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
    }
}
