package io.mgmtbus.launcher.agent;

import io.mgmtbus.history.audit.AuditScan;
import io.mgmtbus.launcher.DurationConverter;
import java.time.Duration;
import picocli.CommandLine.Option;

/** How commands that find one request by reqid ({@code request}, {@code cancel}) search beyond the request index. */
final class RequestLookup {

    @Option(
            names = "--since",
            defaultValue = AuditScan.UNINDEXED_WINDOW_TEXT,
            description = "How far back to search when the reqid is not in the request index (e.g. 30m, 24h, 168h)."
                    + " Default: ${DEFAULT-VALUE}.",
            converter = DurationConverter.class)
    Duration since;
}
