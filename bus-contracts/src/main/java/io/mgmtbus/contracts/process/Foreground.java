package io.mgmtbus.contracts.process;

import java.util.concurrent.CountDownLatch;

/** How every long-running {@code mgmt} command runs: in the foreground until Ctrl-C, then stopped cleanly. */
public final class Foreground {

    private Foreground() {}

    /** Prints {@code banner}, then blocks until the JVM is asked to exit, when {@code service} is closed. */
    public static int runUntilStopped(AutoCloseable service, String banner) throws InterruptedException {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                service.close();
            } catch (Exception e) {
                System.err.println("while stopping: " + e.getMessage());
            }
        }, "mgmt-stop"));
        System.out.println(banner + " Ctrl-C stops it.");
        new CountDownLatch(1).await();
        return 0;
    }
}
