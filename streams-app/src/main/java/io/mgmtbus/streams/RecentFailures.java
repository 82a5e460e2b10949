package io.mgmtbus.streams;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A retry budget: at most {@code limit} retries within a sliding {@code window}. Past it,
 * retrying is not helping and the failure should be reported instead of looping.
 */
public final class RecentFailures {

    private final int limit;
    private final Duration window;
    private final Deque<Long> retries = new ArrayDeque<>();

    public RecentFailures(int limit, Duration window) {
        this.limit = limit;
        this.window = window;
    }

    /** Spends one retry if the budget allows it: true to retry, false when the budget is spent. */
    public synchronized boolean tryRetry() {
        long now = System.nanoTime();
        while (!retries.isEmpty() && now - retries.peekFirst() > window.toNanos()) {
            retries.removeFirst();
        }
        if (retries.size() >= limit) {
            return false;
        }
        retries.addLast(now);
        return true;
    }

    /** Retries spent within the window. */
    public synchronized int spent() {
        return retries.size();
    }

    public int limit() {
        return limit;
    }

    public Duration window() {
        return window;
    }
}
