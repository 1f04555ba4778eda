package io.github.wudl.windows;

import com.sun.jna.Pointer;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * IDownloadJob over COM, with the engine's callback rules on top of WUA's.
 *
 * <p>Path of a callback: WUA calls Invoke(DISPID 0) of a {@link DispatchCallback} on an RPC thread; that
 * AddRefs the arguments and posts to the COM thread, which reads the progress into an immutable snapshot and
 * posts the engine callback to this job's own dispatcher thread ({@code wudl-wua-callbacks-N}). So callbacks
 * of one job never overlap, come in WUA's order, and script code never runs inside WUA's call.
 *
 * <p>A watchdog calls RequestAbort when progress has not moved for {@link WindowsOptions#stallTimeout()} or
 * the job outlives {@link WindowsOptions#overallTimeout()}: WUA itself never times out.
 */
final class WuaDownloadJob implements DownloadJob {
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "wudl-wua-watchdog");
        t.setDaemon(true);
        return t;
    });

    private final Wua wua;
    private final WuaDownloader downloader;
    private final UpdateCollection updates;
    private final DownloadProgressChangedCallback onProgress;
    private final DownloadCompletedCallback onCompleted;
    private final ExecutorService dispatcher;
    private final DispatchCallback progressCallback;
    private final DispatchCallback completedCallback;
    /** Opens when the completion is known (callback or IsCompleted). */
    private final CountDownLatch arrived = new CountDownLatch(1);
    /** Opens after the completed callback has run (or was skipped after a disconnect), and a pending CleanUp. */
    private final CountDownLatch done = new CountDownLatch(1);
    private final AtomicBoolean completion = new AtomicBoolean();
    private final AtomicBoolean cleanedUp = new AtomicBoolean();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final AtomicBoolean callbacksReleased = new AtomicBoolean();
    private final WindowsOptions options;
    private final long startNanos = System.nanoTime();
    private volatile Thread dispatcherThread;
    private volatile Object state;
    private volatile ComRef job;
    private volatile boolean completed;
    private volatile boolean disconnected;
    private volatile boolean cleanUpRequested;
    private volatile int lastPercent;
    private volatile long lastMoveNanos = System.nanoTime();
    private volatile long lastBytes = -1;
    private volatile String abortReason;
    private volatile ScheduledFuture<?> watchdog;

    WuaDownloadJob(Wua wua, WuaDownloader downloader, UpdateCollection updates,
                   DownloadProgressChangedCallback onProgress, DownloadCompletedCallback onCompleted, Object state,
                   WindowsOptions options) {
        this.wua = wua;
        this.downloader = downloader;
        this.updates = updates;
        this.onProgress = onProgress;
        this.onCompleted = onCompleted;
        this.state = state;
        this.options = options;
        this.dispatcher = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "wudl-wua-callbacks-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            dispatcherThread = t;
            return t;
        });
        this.progressCallback = DispatchCallback.create(this::progressed, wua.com, wua.marshaler);
        this.completedCallback = DispatchCallback.create(this::finished, wua.com, wua.marshaler);
    }

    WuaDownloader downloader() {
        return downloader;
    }

    DispatchCallback progressCallback() {
        return progressCallback;
    }

    DispatchCallback completedCallback() {
        return completedCallback;
    }

    /** On the COM thread, once WUA has begun: keeps the job and starts the watchdog. */
    void started(ComRef comJob) {
        this.job = comJob;
        long period = Math.max(1, Math.min(5_000, options.stallTimeout().toMillis() / 4));
        watchdog = WATCHDOG.scheduleAtFixedRate(this::watch, period, period, TimeUnit.MILLISECONDS);
    }

    /** IDownloadProgressChangedCallback, on the COM thread: snapshot now, deliver on the dispatcher. */
    private void progressed(Pointer comJob, Pointer args) {
        if (disconnected || completed || args == null) {
            return; // after the completion nothing more is delivered, whatever order WUA's RPC threads raced in
        }
        DownloadProgress p;
        try (ComRef a = ComRef.addRef(args); ComRef progress = wua.getRef(a, Wua.ARGS_PROGRESS, "Progress")) {
            p = monotonic(WuaReads.progress(wua, progress, updates.count()));
        }
        if (p.totalBytesDownloaded() != lastBytes) {
            lastBytes = p.totalBytesDownloaded();
            lastMoveNanos = System.nanoTime();
        }
        DownloadProgressChangedCallbackArgs callbackArgs = new DownloadProgressChangedCallbackArgs(p);
        dispatcher.execute(() -> {
            if (!disconnected) {
                safely(() -> onProgress.invoke(this, callbackArgs));
            }
        });
    }

    /** PercentComplete never goes back within a job (SPEC §1), even when WUA's estimate does. */
    private DownloadProgress monotonic(DownloadProgress p) {
        int percent = Math.max(lastPercent, p.percentComplete());
        lastPercent = percent;
        if (percent == p.percentComplete()) {
            return p;
        }
        return new DownloadProgress(p.currentUpdateIndex(), p.currentUpdateDownloadPhase(),
                p.currentUpdateBytesDownloaded(), p.currentUpdateBytesToDownload(), p.currentUpdatePercentComplete(),
                percent, p.totalBytesDownloaded(), p.totalBytesToDownload(), p.updateResults());
    }

    /** IDownloadCompletedCallback, on the COM thread. */
    private void finished(Pointer comJob, Pointer args) {
        complete();
    }

    /**
     * The job is over: from the completed callback, or from WUA's IsCompleted when that callback never came.
     * Runs once. After the last progress already posted, the dispatcher delivers the completed callback (unless
     * the job was disconnected), then opens {@link #done}, and then carries out a CleanUp asked for inside a
     * callback.
     */
    private void complete() {
        if (!completion.compareAndSet(false, true)) {
            return;
        }
        completed = true;
        arrived.countDown();
        ScheduledFuture<?> w = watchdog;
        if (w != null) {
            w.cancel(false);
        }
        dispatcher.execute(() -> {
            try {
                if (!disconnected) {
                    safely(() -> onCompleted.invoke(this, DownloadCompletedCallbackArgs.INSTANCE));
                }
            } finally {
                if (cleanUpRequested) {
                    try {
                        cleanUpNow();
                    } catch (RuntimeException e) {
                        safely(() -> {
                            throw e;
                        });
                    }
                }
                done.countDown(); // after a CleanUp asked for inside a callback: the job is then fully over
                dispatcher.shutdown();
            }
        });
    }

    private static void safely(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException | Error e) {
            // a callback's exception is reported, never fatal to the job (SPEC §1)
            Thread.UncaughtExceptionHandler h = Thread.currentThread().getUncaughtExceptionHandler();
            h.uncaughtException(Thread.currentThread(), e);
        }
    }

    private void watch() {
        if (completed || abortReason != null) {
            return;
        }
        if (stalledOrOverdue() == null) {
            return;
        }
        // judged again on the COM thread: progress handlers queued there (behind a long Search, say) run first,
        // so a healthy download whose reports were only delayed is not aborted
        wua.com.execute(() -> {
            String why = stalledOrOverdue();
            if (!completed && abortReason == null && why != null) {
                abortReason = why;
                wua.auto.call(job.pointer(), Wua.JOB_REQUEST_ABORT, "RequestAbort");
            }
        });
    }

    private String stalledOrOverdue() {
        long now = System.nanoTime();
        Duration overall = options.overallTimeout();
        if (overall != null && now - startNanos > overall.toNanos()) {
            return "the download ran longer than " + overall + " and was aborted";
        }
        if (now - lastMoveNanos > options.stallTimeout().toNanos()) {
            return "no progress for " + options.stallTimeout() + "; the download was aborted";
        }
        return null;
    }

    /** Why the watchdog aborted this job, or null when it did not. */
    String abortReason() {
        return abortReason;
    }

    @Override
    public Object asyncState() {
        return state;
    }

    @Override
    public boolean isCompleted() {
        // WUA's own flag has been seen never to turn true (wua-reference §3.2); the completed callback counts too
        return completed || (job != null && wua.com.call(() -> wua.getBool(job, Wua.JOB_IS_COMPLETED, "IsCompleted")));
    }

    @Override
    public UpdateCollection updates() {
        return updates;
    }

    @Override
    public int cleanUp() {
        if (Thread.currentThread() == dispatcherThread) {
            // waiting here would wait for this very callback: no further callbacks, and WUA's CleanUp once the
            // job is over (it waits for completion, and must not hold the COM thread meanwhile)
            disconnected = true;
            cleanUpRequested = true; // carried out by the completion, the dispatcher's last task
            return HResult.WU_S_MARKED_FOR_DISCONNECT.code();
        }
        waitForCompletion(true);
        cleanUpNow();
        return HResult.S_OK.code();
    }

    private void cleanUpNow() {
        disconnected = true;
        if (cleanedUp.compareAndSet(false, true)) {
            wua.com.run(() -> {
                if (job != null) {
                    wua.auto.call(job.pointer(), Wua.JOB_CLEAN_UP, "CleanUp");
                }
            });
            releaseCallbacks();
        }
    }

    /** Drops the Java side's references to both callback objects (WUA drops its own at CleanUp/EndDownload). */
    void releaseCallbacks() {
        if (callbacksReleased.compareAndSet(false, true)) {
            progressCallback.release();
            completedCallback.release();
        }
    }

    @Override
    public DownloadProgress getProgress() {
        return wua.com.call(() -> {
            try (ComRef p = wua.callRef(job, Wua.JOB_GET_PROGRESS, "GetProgress")) {
                return WuaReads.progress(wua, p, updates.count());
            }
        });
    }

    @Override
    public void requestAbort() {
        wua.com.run(() -> wua.auto.call(job.pointer(), Wua.JOB_REQUEST_ABORT, "RequestAbort"));
    }

    @Override
    public boolean awaitCompletion(Duration timeout) throws InterruptedException {
        return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * EndDownload, from any thread: waits here (never on the COM thread, which delivers the completion) and
     * then asks WUA for the result. From another thread it waits until the completed callback has run; inside
     * a callback of this job it waits only for WUA to report completion, since the completed callback cannot
     * run before the current one returns.
     */
    DownloadResult end(ComRef comDownloader) {
        if (!ended.compareAndSet(false, true)) {
            throw new WuaException(HResult.WU_E_INVALID_OPERATION, "EndDownload was already called for this job");
        }
        waitForCompletion(Thread.currentThread() != dispatcherThread);
        try {
            DownloadResult r = wua.com.call(() -> {
                try (ComRef result = wua.callRef(comDownloader, Wua.DOWNLOADER_END_DOWNLOAD, "EndDownload", job)) {
                    return WuaReads.result(wua, result, updates.count());
                }
            });
            return explainAbort(r);
        } finally {
            state = null; // AsyncState is released at EndDownload
            releaseCallbacks(); // WUA keeps its own references for as long as it needs them
        }
    }

    /** Updates the watchdog aborted say why, where the summary and the report show failures. */
    private DownloadResult explainAbort(DownloadResult r) {
        String why = abortReason;
        if (why == null) {
            return r;
        }
        java.util.List<io.github.wudl.wua.UpdateDownloadResult> results = new java.util.ArrayList<>();
        for (io.github.wudl.wua.UpdateDownloadResult u : r.updateResults()) {
            results.add(u.resultCode() == io.github.wudl.wua.OperationResultCode.Succeeded ? u
                    : new io.github.wudl.wua.UpdateDownloadResult(u.hResult(), u.resultCode(), u.files(), u.retries(), why));
        }
        return new DownloadResult(r.hResult(), r.resultCode(), results);
    }

    /**
     * Waits for the completion: until the completed callback has run ({@code delivered}) or only until WUA
     * reported it. Every 5 s it also asks WUA's IsCompleted: a completed callback that never arrives
     * (wua-reference §3.2) is then delivered from here, once, by the same path.
     */
    private void waitForCompletion(boolean delivered) {
        CountDownLatch latch = delivered ? done : arrived;
        try {
            while (!latch.await(5, TimeUnit.SECONDS)) {
                if (!completed && job != null
                        && wua.com.call(() -> wua.getBool(job, Wua.JOB_IS_COMPLETED, "IsCompleted"))) {
                    complete();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WuaException(HResult.WU_E_CALL_CANCELLED, "interrupted while waiting for the download");
        }
    }
}
