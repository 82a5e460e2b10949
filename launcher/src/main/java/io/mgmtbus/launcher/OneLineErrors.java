package io.mgmtbus.launcher;

import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Operators get one line saying what is wrong (port taken, unreachable cluster, bad config), not
 * a stack trace; the trace is still logged at debug level for developers.
 */
final class OneLineErrors implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
        cmd.getErr().println("mgmt " + cmd.getCommandName() + ": " + message(e));
        LoggerFactory.getLogger(OneLineErrors.class).debug("failure", e);
        // Invalid input or configuration is a usage error (2), like picocli's own; the rest a failure (1).
        return e instanceof IllegalArgumentException ? ExitCodes.USAGE : ExitCodes.FAILURE;
    }

    private static String message(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank()
                ? e.getClass().getSimpleName()
                : message.lines().findFirst().orElse(message);
    }
}
