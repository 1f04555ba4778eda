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
    private final CountDownLatch done = new CountDownLatch(1);
    private final AtomicBoolean ended = new AtomicBoolean();
    private final AtomicBoolean callbacksReleased = new AtomicBoolean();
    private final WindowsOptions options;
    private final long startNanos = System.nanoTime();
    private volatile Thread dispatcherThread;
    private volatile Object state;
    private volatile ComRef job;
    private volatile boolean completed;
    private volatile boolean disconnected;
    private volatile long lastMoveNanos = System.nanoTime();
    private volatile long lastBytes = -1;
    private volatile String abortReason;
    private ScheduledFuture<?> watchdog;

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
        if (disconnected || args == null) {
            return;
        }
        DownloadProgress p;
        try (ComRef a = ComRef.addRef(args); ComRef progress = wua.getRef(a, Wua.ARGS_PROGRESS, "Progress")) {
            p = WuaReads.progress(wua, progress, updates.count());
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

    /** IDownloadCompletedCallback, on the COM thread. */
    private void finished(Pointer comJob, Pointer args) {
        completed = true;
        if (watchdog != null) {
            watchdog.cancel(false);
        }
        dispatcher.execute(() -> {
            try {
                if (!disconnected) {
                    safely(() -> onCompleted.invoke(this, DownloadCompletedCallbackArgs.INSTANCE));
                }
            } finally {
                done.countDown();
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
        long now = System.nanoTime();
        Duration overall = options.overallTimeout();
        if (overall != null && now - startNanos > overall.toNanos()) {
            abortReason = "the download ran longer than " + overall;
        } else if (now - lastMoveNanos > options.stallTimeout().toNanos()) {
            abortReason = "no progress for " + options.stallTimeout();
        }
        if (abortReason != null) {
            wua.com.execute(() -> {
                if (!completed) {
                    wua.auto.call(job.pointer(), Wua.JOB_REQUEST_ABORT, "RequestAbort");
                }
            });
        }
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
            // waiting here would wait for this very callback: release once it returns (WU_S_MARKED_FOR_DISCONNECT)
            disconnected = true;
            dispatcher.execute(this::cleanUpNow);
            return HResult.WU_S_MARKED_FOR_DISCONNECT.code();
        }
        awaitDone();
        cleanUpNow();
        return HResult.S_OK.code();
    }

    private void cleanUpNow() {
        disconnected = true;
        wua.com.run(() -> {
            if (job != null) {
                wua.auto.call(job.pointer(), Wua.JOB_CLEAN_UP, "CleanUp");
            }
        });
        releaseCallbacks();
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

    /** EndDownload: waits here (never on the COM thread, which delivers the completion), then asks WUA. */
    DownloadResult end(ComRef comDownloader) {
        if (Thread.currentThread() == dispatcherThread && !completed) {
            throw new WuaException(HResult.WU_E_INVALID_OPERATION, "EndDownload inside a progress callback of the"
                    + " same job would wait for itself; call it from the completed callback or after it");
        }
        if (!ended.compareAndSet(false, true)) {
            throw new WuaException(HResult.WU_E_INVALID_OPERATION, "EndDownload was already called for this job");
        }
        if (Thread.currentThread() != dispatcherThread) {
            awaitDone();
        }
        try {
            return wua.com.call(() -> {
                try (ComRef r = wua.callRef(comDownloader, Wua.DOWNLOADER_END_DOWNLOAD, "EndDownload", job)) {
                    return WuaReads.result(wua, r, updates.count());
                }
            });
        } finally {
            state = null; // AsyncState is released at EndDownload
        }
    }

    /**
     * Waits for the completion; every 5 s it also asks WUA's IsCompleted, since a completion callback that
     * never arrives must not hang the caller when WUA knows the job is done.
     */
    private void awaitDone() {
        try {
            while (!done.await(5, TimeUnit.SECONDS)) {
                if (job != null && wua.com.call(() -> wua.getBool(job, Wua.JOB_IS_COMPLETED, "IsCompleted"))) {
                    completed = true;
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WuaException(HResult.WU_E_CALL_CANCELLED, "interrupted while waiting for the download");
        }
    }
}
