package io.mgmtbus.launcher;

/** Exit codes scripts can rely on. */
public final class ExitCodes {

    /** Everything answered successfully. */
    public static final int OK = 0;
    /** The command could not run (cluster unreachable, port taken), or a long-running role died by itself. */
    public static final int FAILURE = 1;
    /** Bad command-line usage or invalid input (picocli's convention). */
    public static final int USAGE = 2;
    /** The outcome arrived and holds at least one error Result. */
    public static final int ERRORS = 3;
    /** No outcome in time, or the request timed out waiting for nodes. */
    public static final int TIMED_OUT = 4;
    /** The thing asked about does not exist (unknown reqid). */
    public static final int NOT_FOUND = 5;
    /** {@code replay --compare}: some replayed outcome differs from the original, or could not be compared. */
    public static final int DIFFERENT = 6;
    /** The request was cancelled (its outcome is CANCELLED). */
    public static final int CANCELLED = 7;
    /** {@code cancel}: the request had closed already; nothing was cancelled. */
    public static final int ALREADY_CLOSED = 8;

    private ExitCodes() {}
}
