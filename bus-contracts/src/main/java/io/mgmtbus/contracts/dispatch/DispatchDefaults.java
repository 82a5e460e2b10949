package io.mgmtbus.contracts.dispatch;

import io.mgmtbus.contracts.config.Durations;
import java.time.Duration;

/** Defaults every component applies the same way to a dispatch. */
public final class DispatchDefaults {

    /** How long a request without a deadline waits for its nodes, as written on command lines. */
    public static final String TIMEOUT_TEXT = "10s";
    /** {@link #TIMEOUT_TEXT} as a duration. */
    public static final Duration TIMEOUT = Durations.parse(TIMEOUT_TEXT);

    private DispatchDefaults() {}
}
