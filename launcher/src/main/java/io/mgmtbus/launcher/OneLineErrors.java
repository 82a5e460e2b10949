package io.mgmtbus.launcher;

import org.apache.kafka.common.errors.SslAuthenticationException;
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
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SslAuthenticationException) {
                return tlsFailure(cause);
            }
        }
        return firstLine(e);
    }

    private static String firstLine(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank()
                ? e.getClass().getSimpleName()
                : message.lines().findFirst().orElse(message);
    }

    /** Kafka says only "SSL handshake failed"; the reason is the TLS exception under it. */
    private static String tlsFailure(Throwable e) {
        Throwable reason = e;
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof javax.net.ssl.SSLException) {
                reason = cause;
                break;
            }
        }
        return "TLS handshake with Kafka failed: " + firstLine(reason)
                + " (the broker's certificate must be signed by the authority in ssl.truststore.* and name the host"
                + " in bootstrap.servers)";
    }
}
