package io.github.wudl.transfer;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stall detection for body reads, which HttpClient does not time out: a watched read that has not
 * {@link Watch#touch() progressed} for the stall timeout gets its {@code onStall} action (closing the stream,
 * which ends the blocked read). One daemon thread, {@code wudl-stall-watchdog}, that exits when idle.
 */
final class Watchdog {
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ScheduledThreadPoolExecutor TIMER = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "wudl-stall-watchdog-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    static {
        TIMER.setKeepAliveTime(5, TimeUnit.SECONDS);
        TIMER.allowCoreThreadTimeOut(true);
        TIMER.setRemoveOnCancelPolicy(true);
    }

    private Watchdog() {}

    /** Starts watching; {@code onStall} runs at most once, on the watchdog thread. */
    static Watch watch(Duration stallTimeout, Runnable onStall) {
        return new Watch(stallTimeout.toNanos(), onStall);
    }

    /** One watched read. */
    static final class Watch implements AutoCloseable {
        private final long stallNanos;
        private final Runnable onStall;
        private final ScheduledFuture<?> task;
        private volatile long last = System.nanoTime();
        private volatile boolean stalled;

        private Watch(long stallNanos, Runnable onStall) {
            this.stallNanos = stallNanos;
            this.onStall = onStall;
            long period =
                    Math.max(TimeUnit.MILLISECONDS.toNanos(20), Math.min(stallNanos / 4, TimeUnit.SECONDS.toNanos(1)));
            this.task = TIMER.scheduleAtFixedRate(this::check, period, period, TimeUnit.NANOSECONDS);
        }

        /** Bytes arrived: the stall clock starts again. */
        void touch() {
            last = System.nanoTime();
        }

        /** True once the stall action ran. */
        boolean stalled() {
            return stalled;
        }

        private void check() {
            if (!stalled && System.nanoTime() - last >= stallNanos) {
                stalled = true;
                task.cancel(false);
                onStall.run();
            }
        }

        @Override
        public void close() {
            task.cancel(false);
        }
    }
}
