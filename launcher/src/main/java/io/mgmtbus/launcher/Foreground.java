package io.mgmtbus.launcher;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** How every long-running {@code mgmt} command runs: in the foreground until Ctrl-C, then stopped cleanly. */
public final class Foreground {

    private Foreground() {}

    /** Prints {@code banner}, then blocks until the JVM is asked to exit, when {@code service} is closed. */
    public static int runUntilStopped(AutoCloseable service, String banner) throws InterruptedException {
        return runUntilStopped(service, banner, new CompletableFuture<>());
    }

    /**
     * Like {@link #runUntilStopped(AutoCloseable, String)}, but also returns {@link ExitCodes#FAILURE} after
     * printing {@code command: reason} on stderr when {@code failure} completes with a reason.
     */
    public static int runUntilStopped(AutoCloseable service, String banner, CompletableFuture<String> failure)
            throws InterruptedException {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                service.close();
                            } catch (Exception e) {
                                System.err.println("while stopping: " + e.getMessage());
                            }
                        },
                        "mgmt-stop"));
        System.out.println(banner + " Ctrl-C stops it.");
        try {
            System.err.println(failure.get());
        } catch (ExecutionException e) {
            System.err.println(e.getCause().toString());
        }
        return ExitCodes.FAILURE;
    }
}
