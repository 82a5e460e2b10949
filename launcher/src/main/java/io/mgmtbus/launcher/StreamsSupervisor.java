package io.mgmtbus.launcher;

import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.streams.DispatchSettings;
import io.mgmtbus.streams.StreamsApp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;

/**
 * Keeps the demo's streams-app running as a process supervisor would: when it dies it says why
 * and starts a new one (state comes back from the changelogs), unless it died {@value #MAX_RESTARTS}
 * times within {@link #WINDOW}; then {@link #gaveUp()} completes with the reason and the demo stops.
 */
final class StreamsSupervisor implements AutoCloseable {

    static final int MAX_RESTARTS = 3;
    static final Duration WINDOW = Duration.ofMinutes(10);

    private final BusConfig bus;
    private final DispatchSettings settings;
    private final Path stateDir;
    private final Deque<Long> restarts = new ArrayDeque<>();
    private final CompletableFuture<String> gaveUp = new CompletableFuture<>();
    private StreamsApp app;
    private boolean closed;

    StreamsSupervisor(BusConfig bus, DispatchSettings settings, Path stateDir) {
        this.bus = bus;
        this.settings = settings;
        this.stateDir = stateDir;
        start();
    }

    private synchronized void start() {
        if (closed) {
            return;
        }
        app = StreamsApp.start(bus, settings, stateDir);
        StreamsApp started = app;
        started.failure().thenAcceptAsync(reason -> failed(started, reason));
    }

    private void failed(StreamsApp failed, String reason) {
        synchronized (this) {
            if (closed || failed != app) {
                return;
            }
            failed.close();
            long now = System.nanoTime();
            restarts.removeIf(at -> now - at > WINDOW.toNanos());
            if (restarts.size() >= MAX_RESTARTS) {
                gaveUp.complete("the streams-app failed " + (MAX_RESTARTS + 1) + " times within " + WINDOW.toMinutes()
                        + " minutes; last: " + reason);
                return;
            }
            restarts.addLast(now);
            System.err.println("mgmt demo: the streams-app failed (" + reason + "); restarting it (" + restarts.size() + "/"
                    + MAX_RESTARTS + ")");
        }
        try {
            start();
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
    public synchronized void close() {
        closed = true;
        if (app != null) {
            app.close();
        }
    }
}
