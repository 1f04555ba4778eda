package io.github.wudl.script;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * The script thread's message queue, like an STA's: engine threads {@link #post} events from any thread;
 * the script thread delivers them, in order, only while it waits ({@link #pumpUntil}) — in WScript.Sleep,
 * EndDownload, CleanUp, Download, and after the script body ends. A script that never waits receives
 * nothing, as under WSH.
 *
 * <p>Re-entrancy rule: while a callback of a job runs, a nested wait (a Sleep inside the callback) delivers
 * other jobs' events but holds back that job's own, so callbacks of one job never overlap or nest; they
 * follow when the callback returns. Events of one job are never reordered.
 */
final class EventLoop {
    /** Deadline meaning "no deadline". */
    static final long FOREVER = Long.MAX_VALUE;

    /** Something to run on the script thread on behalf of a job. */
    interface Event {
        /** The job whose callback this is; its events are held back while one of its callbacks runs. */
        DownloadJobFacade job();

        /** Runs on the script thread. */
        void deliver();
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Event> queue = new ArrayDeque<>();
    /** Counts posts and stops, under the lock: a wait ends on a change, not on a spurious wake-up. */
    private long changes;

    private final Runnable onInterrupt;
    private volatile boolean stopping;

    /** @param onInterrupt run on the script thread when a wait is interrupted, before it throws ScriptStop */
    EventLoop(Runnable onInterrupt) {
        this.onInterrupt = onInterrupt;
    }

    /** From any thread: queues {@code event} and wakes the script thread if it waits. */
    void post(Event event) {
        lock.lock();
        try {
            queue.addLast(event);
            changes++;
            changed.signal();
        } finally {
            lock.unlock();
        }
    }

    /** From any thread: makes every present and future wait throw {@link ScriptStop}. */
    void stop() {
        stopping = true;
        lock.lock();
        try {
            changes++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    boolean stopping() {
        return stopping;
    }

    /**
     * On the script thread: delivers events until {@code done} is true or {@code deadlineNanos}
     * ({@link System#nanoTime()} based, or {@link #FOREVER}) has passed. {@code done} is checked before each
     * event and after each wake-up. Returns the last value of {@code done}.
     *
     * @throws ScriptStop when the run is being stopped, or the thread is interrupted
     */
    boolean pumpUntil(BooleanSupplier done, long deadlineNanos) {
        while (true) {
            if (stopping) {
                throw new ScriptStop();
            }
            if (done.getAsBoolean()) {
                return true;
            }
            Event next = takeOrWait(deadlineNanos);
            if (next == null) {
                if (deadlineNanos != FOREVER && System.nanoTime() - deadlineNanos >= 0) {
                    return done.getAsBoolean();
                }
                continue; // woken: re-check stop and done
            }
            next.deliver();
        }
    }

    /** Sleeps {@code millis}, delivering events meanwhile (WScript.Sleep). */
    void sleep(long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, millis));
        pumpUntil(() -> false, deadline);
    }

    /** The first deliverable event, or null after waiting for a change (or the deadline). */
    private Event takeOrWait(long deadlineNanos) {
        lock.lock();
        try {
            Event e = removeFirstDeliverable();
            if (e != null || stopping) {
                return e;
            }
            long seen = changes;
            try {
                if (deadlineNanos == FOREVER) {
                    while (changes == seen) {
                        changed.await();
                    }
                } else {
                    long left = deadlineNanos - System.nanoTime();
                    while (changes == seen && left > 0) {
                        left = changed.awaitNanos(left);
                    }
                }
            } catch (InterruptedException ie) {
                lock.unlock(); // the stop below may deliver nothing, but must not run under our lock
                try {
                    onInterrupt.run();
                } finally {
                    lock.lock();
                }
                throw new ScriptStop();
            }
            return null;
        } finally {
            lock.unlock();
        }
    }

    private Event removeFirstDeliverable() {
        Event first = queue.peekFirst();
        if (first == null) {
            return null;
        }
        if (!first.job().inCallback()) {
            return queue.pollFirst(); // the common case: no nested wait inside a callback
        }
        for (Iterator<Event> it = queue.iterator(); it.hasNext(); ) {
            Event e = it.next();
            if (!e.job().inCallback()) {
                it.remove();
                return e;
            }
        }
        return null;
    }
}
