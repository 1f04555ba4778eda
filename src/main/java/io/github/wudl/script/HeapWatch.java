package io.github.wudl.script;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryNotificationInfo;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import javax.management.NotificationEmitter;

/**
 * Tells running scripts when the heap is nearly full of live values: after a collection, the old generation
 * still holds more than {@value #FULL_PERCENT} % of its limit. A script that keeps allocating would otherwise
 * spend minutes in garbage collection before the JVM gives up (G1 has no overhead limit), or end with a bare
 * "Java heap space"; this way it is stopped at once with a message naming it and the limit. Installed once per
 * JVM; a JVM whose collector offers no such threshold has no watch, and then only the heap's own end applies.
 */
final class HeapWatch {
    static final int FULL_PERCENT = 90;
    private static final Set<Runnable> LISTENERS = new CopyOnWriteArraySet<>();
    private static final boolean INSTALLED = install();

    private HeapWatch() {}

    private static boolean install() {
        boolean any = false;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            long max = pool.getUsage() == null ? -1 : pool.getUsage().getMax();
            if (pool.getType() == MemoryType.HEAP
                    && pool.isCollectionUsageThresholdSupported()
                    && max > 0
                    && (pool.getName().contains("Old") || pool.getName().contains("Tenured"))) {
                pool.setCollectionUsageThreshold(max / 100 * FULL_PERCENT);
                any = true;
            }
        }
        if (any && ManagementFactory.getMemoryMXBean() instanceof NotificationEmitter emitter) {
            emitter.addNotificationListener(
                    (notification, handback) -> {
                        if (MemoryNotificationInfo.MEMORY_COLLECTION_THRESHOLD_EXCEEDED.equals(
                                notification.getType())) {
                            LISTENERS.forEach(Runnable::run);
                        }
                    },
                    null,
                    null);
            return true;
        }
        return false;
    }

    /** Runs {@code onFull} (on a JMX thread) whenever the heap is found nearly full, until {@link #remove}. */
    static void add(Runnable onFull) {
        if (INSTALLED) {
            LISTENERS.add(onFull);
        }
    }

    static void remove(Runnable onFull) {
        LISTENERS.remove(onFull);
    }
}
