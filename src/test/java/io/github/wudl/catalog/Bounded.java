package io.github.wudl.catalog;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Time bounds for the jqwik fuzz properties. jqwik has no per-property timeout and JUnit's {@code @Timeout}
 * does not reach its engine, so each try runs on a daemon worker with a deadline (a hang fails the property
 * with the input instead of stalling the build) and each property has an overall budget it checks per try.
 */
final class Bounded {
    /** One parse of a few kilobytes takes microseconds; two seconds mean a hang. */
    static final long PER_TRY_MILLIS = 2_000;

    /** Replaced after a hang: the stuck thread cannot be stopped, and shrinking needs a free worker. */
    private static volatile ExecutorService worker = newWorker();

    private final long deadlineNanos;
    private final String property;

    private Bounded(String property, long budgetSeconds) {
        this.property = property;
        this.deadlineNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(budgetSeconds);
    }

    /** A budget of {@code seconds} for the whole property, starting now. */
    static Bounded budget(String property, long seconds) {
        return new Bounded(property, seconds);
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-worker");
            t.setDaemon(true); // a stuck parse must not keep the test JVM alive
            return t;
        });
    }

    /** Runs {@code action} on the worker: its result, its RuntimeException, or a failure naming {@code input}. */
    <T> T run(Object input, Supplier<T> action) {
        if (System.nanoTime() > deadlineNanos) {
            fail(property + " ran past its time budget");
        }
        ExecutorService w = worker;
        Future<T> f = w.submit(action::get);
        try {
            return f.get(PER_TRY_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            w.shutdownNow();
            worker = newWorker();
            throw new AssertionError("no result within " + PER_TRY_MILLIS + " ms (a hang) for input: "
                    + Fields.show(String.valueOf(input), 400));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new AssertionError("unexpected " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
