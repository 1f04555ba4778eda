package io.github.wudl.portable;

import io.github.wudl.wua.DownloadCompletedCallback;
import io.github.wudl.wua.DownloadCompletedCallbackArgs;
import io.github.wudl.wua.DownloadJob;
import io.github.wudl.wua.DownloadProgress;
import io.github.wudl.wua.DownloadProgressChangedCallback;
import io.github.wudl.wua.DownloadProgressChangedCallbackArgs;
import io.github.wudl.wua.DownloadResult;
import io.github.wudl.wua.DownloadType;
import io.github.wudl.wua.HResult;
import io.github.wudl.wua.OperationResultCode;
import io.github.wudl.wua.UpdateCollection;
import io.github.wudl.wua.UpdateDownloadResult;
import io.github.wudl.wua.WuaException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The portable IDownloadJob: its public face (AsyncState, IsCompleted, CleanUp, EndDownload's part) and its
 * callback delivery. The download itself is run by a {@link JobRun} on the job's own thread.
 *
 * <p>Delivery rules (SPEC §1): progress callbacks are posted at most once per progress interval, and only
 * when the previous one has been delivered; the completed callback is posted once, after the last progress
 * callback, when IsCompleted is already true; all run on the job's {@link CallbackDispatcher}.
 */
final class PortableDownloadJob implements DownloadJob {
    private static final AtomicInteger JOB_NUMBERS = new AtomicInteger();
    private static final ScheduledExecutorService TICKER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "wudl-progress-ticker");
        t.setDaemon(true);
        return t;
    });

    private final int number = JOB_NUMBERS.incrementAndGet();
    private final UpdateCollection updates;
    private final JobRun run;
    private final CallbackDispatcher dispatcher;
    private final Duration progressInterval;
    private final CountDownLatch completed = new CountDownLatch(1);
    private final AtomicBoolean ended = new AtomicBoolean();
    private final AtomicBoolean progressPending = new AtomicBoolean();
    private final Object postLock = new Object();
    private volatile Object asyncState;
    private volatile DownloadProgressChangedCallback onProgress;
    private volatile DownloadCompletedCallback onCompleted;
    private volatile boolean completionPosted;
    private volatile DownloadResult result;
    private ScheduledFuture<?> tick;

    PortableDownloadJob(PortableSession session, PortableDownloader downloader, List<PortableUpdate> snapshot,
                        DownloadType type, boolean forced, io.github.wudl.wua.DownloadPriority priority,
                        DownloadProgressChangedCallback onProgress, DownloadCompletedCallback onCompleted,
                        Object state) {
        this.updates = UpdateCollection.readOnlySnapshot(snapshot);
        this.onProgress = onProgress;
        this.onCompleted = onCompleted;
        this.asyncState = state;
        this.progressInterval = session.options().progressInterval();
        this.dispatcher = new CallbackDispatcher("wudl-job-" + number + "-callbacks",
                session.options().callbackErrorReporter());
        this.run = new JobRun(session, snapshot, type, forced, priority, this::finished);
    }

    void start() {
        long nanos = progressInterval.toNanos();
        tick = TICKER.scheduleAtFixedRate(this::postProgress, nanos, nanos, TimeUnit.NANOSECONDS);
        Thread t = new Thread(run, "wudl-job-" + number);
        t.setDaemon(true);
        t.start();
    }

    /** Called once by the run when every update has ended. */
    private void finished(DownloadResult r) {
        tick.cancel(false);
        result = r;
        completed.countDown();
        synchronized (postLock) {
            // the last progress (100 % or where the abort left it) goes first, then completion; FIFO keeps that order
            progressPending.set(true);
            dispatcher.post("progress callback", this::deliverProgress);
            dispatcher.post("completed callback", () -> {
                DownloadCompletedCallback cb = onCompleted;
                if (cb != null) {
                    cb.invoke(this, DownloadCompletedCallbackArgs.INSTANCE);
                }
            });
            completionPosted = true;
        }
        dispatcher.shutdown();
    }

    private void postProgress() {
        synchronized (postLock) {
            if (completionPosted || !progressPending.compareAndSet(false, true)) {
                return; // the previous snapshot is still waiting: don't queue up stale ones behind a slow callback
            }
            dispatcher.post("progress callback", this::deliverProgress);
        }
    }

    private void deliverProgress() {
        progressPending.set(false);
        DownloadProgressChangedCallback cb = onProgress;
        if (cb != null) {
            cb.invoke(this, new DownloadProgressChangedCallbackArgs(run.progress().snapshot()));
        }
    }

    /** EndDownload's work; see {@link io.github.wudl.wua.UpdateDownloader#endDownload}. */
    DownloadResult end() {
        if (!ended.compareAndSet(false, true)) {
            throw new WuaException(HResult.WU_E_INVALID_OPERATION,
                    "EndDownload was already called for this job; call it once per job");
        }
        awaitFinished(true);
        asyncState = null; // WUA releases the state at EndDownload
        return result;
    }

    private void awaitFinished(boolean includingCallbacks) {
        try {
            completed.await();
            if (includingCallbacks && !dispatcher.onDispatchThread()) {
                dispatcher.awaitDrained();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WuaException(HResult.WU_E_CALL_CANCELLED, "interrupted while waiting for the download to finish");
        }
    }

    private void releaseCallbacks() {
        onProgress = null;
        onCompleted = null;
    }

    @Override
    public Object asyncState() {
        return asyncState;
    }

    @Override
    public boolean isCompleted() {
        return completed.getCount() == 0;
    }

    @Override
    public UpdateCollection updates() {
        return updates;
    }

    @Override
    public int cleanUp() {
        if (dispatcher.onDispatchThread()) {
            // waiting here would wait on ourselves: release now; the running callback finishes, no other follows
            releaseCallbacks();
            return HResult.WU_S_MARKED_FOR_DISCONNECT.code();
        }
        awaitFinished(true);
        releaseCallbacks();
        return HResult.S_OK.code();
    }

    @Override
    public DownloadProgress getProgress() {
        return run.progress().snapshot();
    }

    @Override
    public void requestAbort() {
        run.abort();
    }

    @Override
    public boolean awaitCompletion(Duration timeout) throws InterruptedException {
        return completed.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** The result once completed, else null. */
    DownloadResult resultIfCompleted() {
        return result;
    }

    static int firstFailure(List<UpdateDownloadResult> results) {
        for (UpdateDownloadResult r : results) {
            if (r.resultCode() != OperationResultCode.Succeeded) {
                return r.hResult();
            }
        }
        return HResult.S_OK.code();
    }

    @Override
    public String toString() {
        return "DownloadJob#" + number + (isCompleted() ? " completed" : " running");
    }
}
