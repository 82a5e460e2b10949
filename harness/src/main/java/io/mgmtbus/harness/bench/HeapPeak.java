package io.mgmtbus.harness.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/** The JVM's peak heap use over a stretch of work: what bounds it, unlike the heap left after a GC. */
final class HeapPeak {

    private HeapPeak() {}

    /** Starts a new stretch: the peak is what the heap holds now. */
    static void reset() {
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    /** The sum of the heap pools' peaks since {@link #reset()}. */
    static long bytes() {
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP)
                .mapToLong(pool -> pool.getPeakUsage().getUsed())
                .sum();
    }
}
