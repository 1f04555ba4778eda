package io.github.wudl.windows;

import com.sun.jna.Pointer;
import io.github.wudl.job.CoreDownloadJob;
import io.github.wudl.job.JobWork;
import io.github.wudl.wua.DownloadProgress;
import io.github.wudl.wua.DownloadResult;
import io.github.wudl.wua.OperationResultCode;
import io.github.wudl.wua.UpdateDownloadResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The COM backend's work for one job: WUA's IDownloadJob, the two callback objects WUA calls, and a watchdog.
 * The {@link CoreDownloadJob} around it holds every WUA rule about callbacks, EndDownload and CleanUp.
 *
 * <p>Path of a callback: WUA calls Invoke(DISPID 0) of a {@link DispatchCallback} on an RPC thread; that
 * AddRefs the arguments and posts to the COM thread, which reads the progress into an immutable snapshot and
 * hands it to the job, whose callback thread delivers it. So script code never runs inside WUA's call.
 *
 * <p>The watchdog calls RequestAbort when progress has not moved for {@link WindowsOptions#stallTimeout()} or
 * the job outlives {@link WindowsOptions#overallTimeout()}: WUA itself never times out.
 */
final class WuaJobWork implements JobWork {
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "wudl-wua-watchdog");
        t.setDaemon(true);
        return t;
    });

    private final Wua wua;
    private final CoreDownloadJob job;
    private final ComRef comDownloader;
    private final int updateCount;
    private final WindowsOptions options;
    private final DispatchCallback progressCallback;
    private final DispatchCallback completedCallback;
    private final AtomicBoolean callbacksReleased = new AtomicBoolean();
    private final long startNanos = System.nanoTime();
    private volatile ComRef comJob;
    private volatile boolean completed;
    private volatile int lastPercent;
    private volatile long lastMoveNanos = System.nanoTime();
    private volatile long lastBytes = -1;
    private volatile String abortReason;
    private volatile ScheduledFuture<?> watchdog;

    /** On the COM thread: the callback objects aggregate the free-threaded marshaler in its apartment. */
    WuaJobWork(Wua wua, CoreDownloadJob job, ComRef comDownloader, int updateCount, WindowsOptions options) {
        this.wua = wua;
        this.job = job;
        this.comDownloader = comDownloader;
        this.updateCount = updateCount;
        this.options = options;
        this.progressCallback = DispatchCallback.create(this::progressed, wua.com, wua.marshaler);
        this.completedCallback = DispatchCallback.create(this::finished, wua.com, wua.marshaler);
    }

    DispatchCallback progressCallback() {
        return progressCallback;
    }

    DispatchCallback completedCallback() {
        return completedCallback;
    }

    /** On the COM thread, once WUA has begun: keeps the job and starts the watchdog. */
    void started(ComRef job) {
        this.comJob = job;
        long period = Math.max(1, Math.min(5_000, options.stallTimeout().toMillis() / 4));
        watchdog = WATCHDOG.scheduleAtFixedRate(this::watch, period, period, TimeUnit.MILLISECONDS);
    }

    /** IDownloadProgressChangedCallback, on the COM thread: a snapshot now, delivered by the job. */
    private void progressed(Pointer comJobPointer, Pointer args) {
        if (completed || args == null) {
            return; // after the completion nothing more is delivered, whatever order WUA's RPC threads raced in
        }
        DownloadProgress p;
        try (ComRef a = ComRef.addRef(args);
                ComRef progress = wua.getRef(a, Wua.ARGS_PROGRESS, "Progress")) {
            p = monotonic(WuaReads.progress(wua, progress, updateCount));
        }
        if (p.totalBytesDownloaded() != lastBytes) {
            lastBytes = p.totalBytesDownloaded();
            lastMoveNanos = System.nanoTime();
        }
        job.progressed(p);
    }

    /** PercentComplete never goes back within a job (SPEC §1), even when WUA's estimate does. */
    private DownloadProgress monotonic(DownloadProgress p) {
        int percent = Math.max(lastPercent, p.percentComplete());
        lastPercent = percent;
        if (percent == p.percentComplete()) {
            return p;
        }
        return new DownloadProgress(
                p.currentUpdateIndex(),
                p.currentUpdateDownloadPhase(),
                p.currentUpdateBytesDownloaded(),
                p.currentUpdateBytesToDownload(),
                p.currentUpdatePercentComplete(),
                percent,
                p.totalBytesDownloaded(),
                p.totalBytesToDownload(),
                p.updateResults());
    }

    /** IDownloadCompletedCallback, on the COM thread. */
    private void finished(Pointer comJobPointer, Pointer args) {
        stopWatching();
        job.completed(null);
    }

    private void stopWatching() {
        completed = true;
        ScheduledFuture<?> w = watchdog;
        if (w != null) {
            w.cancel(false);
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
                wua.auto.call(comJob.pointer(), Wua.JOB_REQUEST_ABORT, "RequestAbort");
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

    /** WUA's IsCompleted: its own flag has been seen never to turn true with the callback lost (§3.2). */
    @Override
    public boolean completedWithoutNotice() {
        ComRef j = comJob;
        boolean done = j != null && wua.com.call(() -> wua.getBool(j, Wua.JOB_IS_COMPLETED, "IsCompleted"));
        if (done) {
            stopWatching();
        }
        return done;
    }

    @Override
    public DownloadProgress progress() {
        return wua.com.call(() -> {
            try (ComRef p = wua.callRef(comJob, Wua.JOB_GET_PROGRESS, "GetProgress")) {
                return WuaReads.progress(wua, p, updateCount);
            }
        });
    }

    @Override
    public void requestAbort() {
        wua.com.run(() -> wua.auto.call(comJob.pointer(), Wua.JOB_REQUEST_ABORT, "RequestAbort"));
    }

    /** WUA's EndDownload(job), read into values; updates the watchdog aborted say why. */
    @Override
    public DownloadResult result() {
        DownloadResult r = wua.com.call(() -> {
            try (ComRef result = wua.callRef(comDownloader, Wua.DOWNLOADER_END_DOWNLOAD, "EndDownload", comJob)) {
                return WuaReads.result(wua, result, updateCount);
            }
        });
        String why = abortReason;
        if (why == null) {
            return r;
        }
        List<UpdateDownloadResult> results = new ArrayList<>();
        for (UpdateDownloadResult u : r.updateResults()) {
            results.add(
                    u.resultCode() == OperationResultCode.Succeeded
                            ? u
                            : new UpdateDownloadResult(u.hResult(), u.resultCode(), u.files(), u.retries(), why));
        }
        return new DownloadResult(r.hResult(), r.resultCode(), results);
    }

    /** WUA's CleanUp, on the COM thread (the core calls it once the job is over). */
    @Override
    public void cleanUp() {
        wua.com.run(() -> {
            ComRef j = comJob;
            if (j != null) {
                wua.auto.call(j.pointer(), Wua.JOB_CLEAN_UP, "CleanUp");
            }
        });
    }

    /** Drops the Java side's references to both callback objects (WUA drops its own at CleanUp/EndDownload). */
    @Override
    public void released() {
        if (callbacksReleased.compareAndSet(false, true)) {
            progressCallback.release();
            completedCallback.release();
        }
    }
}
