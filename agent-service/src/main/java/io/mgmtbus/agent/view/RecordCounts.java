package io.mgmtbus.agent.view;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** What the view counted rather than applied: dead letters, and records it had to skip, by topic. */
final class RecordCounts {

    private final AtomicLong deadLetters = new AtomicLong();
    private final Map<String, AtomicLong> skipped = new ConcurrentHashMap<>();

    void deadLetter() {
        deadLetters.incrementAndGet();
    }

    void skipped(String topic) {
        skipped.computeIfAbsent(topic, t -> new AtomicLong()).incrementAndGet();
    }

    long deadLetters() {
        return deadLetters.get();
    }

    Map<String, Long> skipped() {
        Map<String, Long> counts = new TreeMap<>();
        skipped.forEach((topic, count) -> counts.put(topic, count.get()));
        return counts;
    }
}
