package io.mgmtbus.demo;

import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.streams.DispatchSettings;
import io.mgmtbus.streams.RecentFailures;
import io.mgmtbus.streams.StreamsApp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Keeps the demo's streams-app running as a process supervisor would: when it dies it says why
 * and starts a new one (state comes back from the changelogs), unless it died too often lately;
 * then {@link #gaveUp()} completes with the reason and the demo stops.
 */
final class StreamsSupervisor implements AutoCloseable {

    private final BusConfig bus;
    private final DispatchSettings settings;
    private final Path stateDir;
    private final RecentFailures restarts = new RecentFailures(3, Duration.ofMinutes(10));
    private final CompletableFuture<String> gaveUp = new CompletableFuture<>();
    private StreamsApp app; // guarded by this; started and closed outside the lock, so Ctrl-C never waits on it
    private boolean closed;

    StreamsSupervisor(BusConfig bus, DispatchSettings settings, Path stateDir) {
        this.bus = bus;
        this.settings = settings;
        this.stateDir = stateDir;
        watch(StreamsApp.start(bus, settings, stateDir));
    }

    private void watch(StreamsApp started) {
        synchronized (this) {
            if (closed) {
                started.close();
                return;
            }
            app = started;
        }
        started.failure().thenAcceptAsync(reason -> failed(started, reason));
    }

    private void failed(StreamsApp failed, String reason) {
        synchronized (this) {
            if (closed || failed != app) {
                return;
            }
            app = null;
        }
        failed.close();
        if (!restarts.tryRetry()) {
            gaveUp.complete("the streams-app failed " + (restarts.limit() + 1) + " times within "
                    + restarts.window().toMinutes() + " minutes; last: " + reason);
            return;
        }
        System.err.println("mgmt demo: the streams-app failed (" + reason + "); restarting it (" + restarts.spent()
                + "/" + restarts.limit() + ")");
        try {
            watch(StreamsApp.start(bus, settings, stateDir));
            System.err.println("mgmt demo: the streams-app is running again");
        } catch (RuntimeException e) {
            gaveUp.complete("the streams-app could not be restarted: " + e.getMessage());
        }
    }

    /** Completes with a one-line reason when the streams-app keeps failing. */
    CompletableFuture<String> gaveUp() {
        return gaveUp;
    }

    @Override
    public void close() {
        StreamsApp running;
        synchronized (this) {
            closed = true;
            running = app;
            app = null;
        }
        if (running != null) {
            running.close();
        }
    }
}
