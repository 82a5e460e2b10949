package io.mgmtbus.streams;

import java.time.Duration;
import org.apache.kafka.streams.errors.MissingSourceTopicException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what happens when a stream thread dies: replace it (its state is restored from the
 * changelog), unless replacing cannot help: a source topic is gone, or threads keep dying. Then
 * the client shuts down, reaches ERROR, and the app reports the failure instead of looping
 * quietly (each replacement waits out the dead thread's session, 45 s by default).
 */
final class ThreadReplacements {

    static final int MAX_REPLACEMENTS = 5;
    static final Duration WINDOW = Duration.ofMinutes(5);
    private static final Logger log = LoggerFactory.getLogger(ThreadReplacements.class);

    private final String part;
    private final RecentFailures budget = new RecentFailures(MAX_REPLACEMENTS, WINDOW);
    private volatile String lastFailure = "";

    ThreadReplacements(String part) {
        this.part = part;
    }

    synchronized StreamThreadExceptionResponse decide(Throwable e) {
        lastFailure = ": " + rootMessage(e);
        if (hasCause(e, MissingSourceTopicException.class)) {
            log.error("{}: a source topic is missing; a new thread would fail the same way, shutting down", part, e);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        if (!budget.tryRetry()) {
            log.error(
                    "{}: stream thread failed {} times within {}; shutting down", part, budget.spent() + 1, WINDOW, e);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        log.error("{}: stream thread failed; replacing it (state is restored from the changelog)", part, e);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    /** ": reason" of the last thread failure, or empty. */
    String lastFailure() {
        return lastFailure;
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName()
                + (root.getMessage() == null
                        ? ""
                        : " " + root.getMessage().lines().findFirst().orElse(""));
    }
}
