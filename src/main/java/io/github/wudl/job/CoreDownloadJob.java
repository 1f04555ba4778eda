package io.github.wudl.job;

import io.github.wudl.wua.DownloadCompletedCallback;
import io.github.wudl.wua.DownloadCompletedCallbackArgs;
import io.github.wudl.wua.DownloadJob;
import io.github.wudl.wua.DownloadProgress;
import io.github.wudl.wua.DownloadProgressChangedCallback;
import io.github.wudl.wua.DownloadProgressChangedCallbackArgs;
import io.github.wudl.wua.DownloadResult;
import io.github.wudl.wua.HResult;
import io.github.wudl.wua.UpdateCollection;
import io.github.wudl.wua.WuaException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * The IDownloadJob of every backend: WUA's rules around a backend's {@link JobWork} (SPEC §1).
 *
 * <ul>
 * <li>Callbacks run on the job's own thread ({@code wudl-job-N-callbacks}), one at a time, in the order the
 *     work reported: {@code progress* completed}. An exception a callback throws goes to the reporter; the
 *     download goes on. No callback runs before the job is {@link #attach attached} to its work.</li>
 * <li>{@link #completed} is honoured once: the last progress (if given), then the completed callback, when
 *     IsCompleted is already true; nothing is delivered after it.</li>
 * <li>EndDownload ({@link CoreDownloader#endDownload}) once per job, from any thread: it waits for the completed
 *     callback (inside one of this job's callbacks, only for the completion, since the completed callback cannot
 *     run before the current one returns), returns the work's result, and releases AsyncState.</li>
 * <li>CleanUp waits likewise, then lets go of the callbacks; inside a callback it returns
 *     WU_S_MARKED_FOR_DISCONNECT at once: no further callback is delivered, and the work's own clean-up runs
 *     once the job is over.</li>
 * <li>{@link #awaitCompletion} returns true once the completed callback has run (inside a callback: once the
 *     job completed).</li>
 * </ul>
 *
 * <p>While it waits, the job asks {@link JobWork#completedWithoutNotice()} every few seconds and completes
 * itself when the work ended without saying so. Thread-safe; no user callback is ever called under a lock.
 */
public final class CoreDownloadJob implements DownloadJob {
    private static final AtomicInteger NUMBERS = new AtomicInteger();
    /** How often a waiting EndDownload, CleanUp or awaitCompletion asks the work whether it ended unannounced. */
    private static final long POLL_NANOS = TimeUnit.SECONDS.toNanos(5);

    private static final Duration NO_LIMIT = Duration.ofDays(36_525);

    private final int number = NUMBERS.incrementAndGet();
    private final Object owner;
    private final UpdateCollection updates;
    private final CallbackThread callbacks;
    private final CountDownLatch attached = new CountDownLatch(1);
    /** Opens when the work completed. */
    private final CountDownLatch arrived = new CountDownLatch(1);
    /** Opens after the completed callback has run (or was skipped) and a CleanUp asked for inside a callback. */
    private final CountDownLatch done = new CountDownLatch(1);

    private final AtomicBoolean completion = new AtomicBoolean();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final AtomicBoolean cleanedUp = new AtomicBoolean();
    private final AtomicBoolean workReleased = new AtomicBoolean();
    private final AtomicBoolean progressPending = new AtomicBoolean();
    private final Object postLock = new Object();
    private volatile DownloadProgressChangedCallback onProgress;
    private volatile DownloadCompletedCallback onCompleted;
    private volatile Object asyncState;
    private volatile JobWork work;
    private volatile boolean completionPosted;
    private volatile boolean disconnected;
    private volatile boolean cleanUpPending;

    /**
     * A job not yet attached to its work; {@link CoreDownloader} makes them, backends' tests may too.
     *
     * @param owner    the downloader that began it (EndDownload of another downloader is E_INVALIDARG)
     * @param reporter told of every exception a callback throws ({@code what} names the callback)
     */
    public CoreDownloadJob(
            Object owner,
            UpdateCollection updates,
            DownloadProgressChangedCallback onProgress,
            DownloadCompletedCallback onCompleted,
            Object state,
            BiConsumer<String, Throwable> reporter) {
        this.owner = owner;
        this.updates = updates;
        this.onProgress = onProgress;
        this.onCompleted = onCompleted;
        this.asyncState = state;
        this.callbacks = new CallbackThread("wudl-job-" + number + "-callbacks", reporter);
        // the gate: what the work reports before attach() is delivered only after it, so a callback can
        // already use GetProgress and RequestAbort
        callbacks.post("start of the job", this::awaitAttached);
    }

    /** Gives the job its work; callbacks may flow from now on. Once. */
    public void attach(JobWork w) {
        this.work = w;
        attached.countDown();
    }

    /** The work could not start: no callback will come, the callbacks are let go. */
    public void abandon() {
        disconnected = true;
        synchronized (postLock) {
            completionPosted = true; // what the work still reports (it may have begun after all) is dropped
        }
        releaseCallbacks();
        attached.countDown();
        callbacks.shutdown();
    }

    Object owner() {
        return owner;
    }

    // ---- what the work reports -------------------------------------------------------------------------

    /** Delivers {@code p} as a progress callback, after those before it; ignored once the job completed. */
    public void progressed(DownloadProgress p) {
        synchronized (postLock) {
            if (!completionPosted) {
                callbacks.post("progress callback", () -> deliver(p));
            }
        }
    }

    /**
     * A progress callback is due: delivers what {@code snapshot} gives at delivery time, unless a progress
     * callback is still waiting (a slow callback then sees the newest state, not a queue of stale ones).
     */
    public void progressDue(Supplier<DownloadProgress> snapshot) {
        synchronized (postLock) {
            if (completionPosted || !progressPending.compareAndSet(false, true)) {
                return;
            }
            callbacks.post("progress callback", () -> {
                progressPending.set(false);
                deliver(snapshot.get());
            });
        }
    }

    /**
     * The work is over: delivers {@code lastProgress} (when not null), then the completed callback. Only the
     * first call counts.
     */
    public void completed(DownloadProgress lastProgress) {
        if (!completion.compareAndSet(false, true)) {
            return;
        }
        arrived.countDown();
        synchronized (postLock) {
            if (completionPosted) {
                return; // abandoned: its callback thread is gone and nobody waits
            }
            if (lastProgress != null) {
                callbacks.post("progress callback", () -> deliver(lastProgress));
            }
            callbacks.post("completed callback", () -> {
                DownloadCompletedCallback cb = onCompleted;
                if (cb != null && !disconnected) {
                    cb.invoke(this, DownloadCompletedCallbackArgs.INSTANCE);
                }
            });
            callbacks.post("CleanUp", this::afterLastCallback);
            completionPosted = true;
        }
        callbacks.shutdown();
    }

    private void deliver(DownloadProgress p) {
        DownloadProgressChangedCallback cb = onProgress;
        if (cb != null && !disconnected) {
            cb.invoke(this, new DownloadProgressChangedCallbackArgs(p));
        }
    }

    private void afterLastCallback() {
        try {
            if (cleanUpPending) {
                cleanUpNow(); // a CleanUp asked for inside a callback, now that the job is over
            }
        } finally {
            done.countDown();
        }
    }

    private void awaitAttached() {
        try {
            attached.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- IDownloadJob ------------------------------------------------------------------------------------

    @Override
    public Object asyncState() {
        return asyncState;
    }

    @Override
    public boolean isCompleted() {
        if (arrived.getCount() == 0) {
            return true;
        }
        JobWork w = work;
        if (w != null && w.completedWithoutNotice()) {
            // the work ended and never said so (WUA's lost callback): complete now, so that a caller who
            // waits elsewhere (the script host's event loop) still gets the completed callback
            completed(null);
            return true;
        }
        return false;
    }

    @Override
    public UpdateCollection updates() {
        return updates;
    }

    @Override
    public int cleanUp() {
        if (callbacks.isCurrent()) {
            // waiting here would wait for this very callback: nothing more is delivered, and the work's clean-up
            // follows once the job is over (the last task of the callback thread)
            disconnected = true;
            cleanUpPending = true;
            onProgress = null;
            onCompleted = null;
            return HResult.WU_S_MARKED_FOR_DISCONNECT.code();
        }
        await(done, Long.MAX_VALUE);
        cleanUpNow();
        return HResult.S_OK.code();
    }

    private void cleanUpNow() {
        if (cleanedUp.compareAndSet(false, true)) {
            disconnected = true;
            JobWork w = work;
            try {
                if (w != null) {
                    w.cleanUp();
                }
            } finally {
                releaseCallbacks(); // even when the backend's clean-up failed: nothing else will let go
            }
        }
    }

    @Override
    public DownloadProgress getProgress() {
        return work().progress();
    }

    @Override
    public void requestAbort() {
        work().requestAbort();
    }

    @Override
    public boolean awaitCompletion(Duration timeout) throws InterruptedException {
        // a century or more is "no limit": Duration.toNanos would overflow past 292 years
        long deadline = timeout.compareTo(NO_LIMIT) >= 0 ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        return awaitInterruptibly(callbacks.isCurrent() ? arrived : done, deadline);
    }

    /** EndDownload's part: once; see the class comment. */
    DownloadResult end() {
        if (!ended.compareAndSet(false, true)) {
            throw new WuaException(
                    HResult.WU_E_INVALID_OPERATION,
                    "EndDownload was already called for this job; call it once per job");
        }
        try {
            await(callbacks.isCurrent() ? arrived : done, Long.MAX_VALUE);
        } catch (RuntimeException interrupted) {
            ended.set(false); // it ended nothing: a later EndDownload still gets the result and releases the state
            throw interrupted;
        }
        try {
            return work().result();
        } finally {
            asyncState = null; // WUA releases the state at EndDownload
            releaseWork();
        }
    }

    private void releaseCallbacks() {
        onProgress = null;
        onCompleted = null;
        releaseWork();
    }

    private void releaseWork() {
        JobWork w = work;
        if (w != null && workReleased.compareAndSet(false, true)) {
            w.released();
        }
    }

    private JobWork work() {
        JobWork w = work;
        if (w == null) {
            throw new WuaException(HResult.WU_E_INVALID_OPERATION, "this job never started");
        }
        return w;
    }

    /** Waits for {@code latch} (EndDownload, CleanUp): an interruption is WU_E_CALL_CANCELLED. */
    private void await(CountDownLatch latch, long deadline) {
        try {
            awaitInterruptibly(latch, deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WuaException(HResult.WU_E_CALL_CANCELLED, "interrupted while waiting for the download to finish");
        }
    }

    private boolean awaitInterruptibly(CountDownLatch latch, long deadline) throws InterruptedException {
        if (latch.getCount() == 0) {
            return true; // over already: a pending interrupt (an aborting caller's) must not hide the result
        }
        while (true) {
            long left = deadline == Long.MAX_VALUE ? POLL_NANOS : deadline - System.nanoTime();
            if (latch.await(Math.min(left, POLL_NANOS), TimeUnit.NANOSECONDS)) {
                return true;
            }
            JobWork w = work;
            boolean unannounced;
            try {
                unannounced = arrived.getCount() != 0 && w != null && w.completedWithoutNotice();
            } catch (WuaException e) {
                if (Thread.interrupted()) {
                    throw new InterruptedException("interrupted while asking whether the download ended");
                }
                unannounced = false; // the question failed; ask again at the next poll
            }
            if (unannounced) {
                completed(null); // the work ended and never said so: deliver the completion from here, once
            }
            if (deadline != Long.MAX_VALUE && deadline - System.nanoTime() <= 0) {
                return latch.getCount() == 0;
            }
        }
    }

    @Override
    public String toString() {
        return "DownloadJob#" + number + (arrived.getCount() == 0 ? " completed" : " running");
    }
}
