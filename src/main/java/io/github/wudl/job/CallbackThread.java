package io.github.wudl.job;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;

/**
 * Runs one job's callbacks, one at a time and in the order posted, on a dedicated named thread — so a job's
 * callbacks never overlap and never run while the engine holds a lock. A callback's exception is handed to
 * the reporter and does not stop later callbacks.
 */
final class CallbackThread {
    private final ExecutorService executor;
    private final BiConsumer<String, Throwable> reporter;
    private volatile Thread thread;

    CallbackThread(String name, BiConsumer<String, Throwable> reporter) {
        this.reporter = reporter;
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            thread = t;
            return t;
        });
    }

    /** True when called from inside one of this thread's callbacks. */
    boolean isCurrent() {
        return Thread.currentThread() == thread;
    }

    /** Runs {@code callback} after those posted before it; {@code what} names it to the reporter. */
    void post(String what, Runnable callback) {
        executor.execute(() -> {
            try {
                callback.run();
            } catch (Throwable t) { // a user callback may throw anything; it must not kill the download
                reporter.accept(what, t);
            }
        });
    }

    /** Accepts no more callbacks; those already posted still run. */
    void shutdown() {
        executor.shutdown();
    }
}
