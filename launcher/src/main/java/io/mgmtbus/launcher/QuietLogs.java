package io.mgmtbus.launcher;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/**
 * For commands that run the bookkeeping over thousands of requests (a rebuild, a benchmark): it
 * logs a line per request it opens and closes, right for a running streams-app and noise here.
 * MGMT_LOG_LEVEL still decides when it is set.
 */
public final class QuietLogs {

    private QuietLogs() {}

    public static void bookkeeping() {
        if (System.getenv("MGMT_LOG_LEVEL") == null) {
            ((Logger) LoggerFactory.getLogger("io.mgmtbus.streams")).setLevel(Level.WARN);
        }
        // Offline runs keep their state in a temporary directory on purpose.
        ((Logger) LoggerFactory.getLogger("org.apache.kafka.streams.processor.internals.StateDirectory"))
                .setLevel(Level.ERROR);
    }
}
