package io.mgmtbus.launcher;

import java.util.ArrayDeque;
import java.util.Deque;

/** What an all-in-one command started, stopped newest first so clients leave before the broker does. */
public final class RunningParts implements AutoCloseable {

    private final Deque<AutoCloseable> parts = new ArrayDeque<>();

    public synchronized <T extends AutoCloseable> T add(T part) {
        parts.push(part);
        return part;
    }

    @Override
    public synchronized void close() {
        while (!parts.isEmpty()) {
            try {
                parts.pop().close();
            } catch (Exception e) {
                System.err.println("while stopping: " + e.getMessage());
            }
        }
    }
}
