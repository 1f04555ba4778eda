package io.github.wudl.portable;

import io.github.wudl.job.CoreDownloadJob;
import io.github.wudl.job.JobWork;
import io.github.wudl.wua.DownloadPriority;
import io.github.wudl.wua.DownloadProgress;
import io.github.wudl.wua.DownloadResult;
import io.github.wudl.wua.DownloadType;
import io.github.wudl.wua.HResult;
import io.github.wudl.wua.OperationResultCode;
import io.github.wudl.wua.UpdateDownloadResult;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The portable backend's work for one job: a {@link JobRun} on the job's own thread, and a ticker that tells
 * the {@link CoreDownloadJob} a progress callback is due once per progress interval (the core skips a tick
 * while the previous callback still waits). When the run ends, the final progress and the completion go to
 * the job, which holds every WUA rule about callbacks, EndDownload and CleanUp.
 */
final class PortableJobWork implements JobWork {
    private static final AtomicInteger NUMBERS = new AtomicInteger();
    private static final ScheduledExecutorService TICKER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "wudl-progress-ticker");
        t.setDaemon(true);
        return t;
    });

    private final CoreDownloadJob job;
    private final JobRun run;
    private final Duration progressInterval;
    private volatile DownloadResult result;
    private ScheduledFuture<?> tick;

    PortableJobWork(
            PortableSession session,
            CoreDownloadJob job,
            List<PortableUpdate> snapshot,
            DownloadType type,
            boolean forced,
            DownloadPriority priority) {
        this.job = job;
        this.progressInterval = session.options().progressInterval();
        this.run = new JobRun(session, snapshot, type, forced, priority, this::finished);
    }

    /** Starts the ticker and the run's thread. */
    void start() {
        long nanos = progressInterval.toNanos();
        tick = TICKER.scheduleAtFixedRate(
                () -> job.progressDue(() -> run.progress().snapshot()), nanos, nanos, TimeUnit.NANOSECONDS);
        Thread t = new Thread(run, "wudl-job-run-" + NUMBERS.incrementAndGet());
        t.setDaemon(true);
        t.start();
    }

    /** Called once by the run when every update has ended. */
    private void finished(DownloadResult r) {
        tick.cancel(false);
        result = r;
        // the last progress (100 % or where the abort left it) goes first, then the completion
        job.completed(run.progress().snapshot());
    }

    @Override
    public DownloadProgress progress() {
        return run.progress().snapshot();
    }

    @Override
    public void requestAbort() {
        run.abort();
    }

    @Override
    public DownloadResult result() {
        return result;
    }

    /** The HRESULT of the first update that did not succeed, else S_OK. */
    static int firstFailure(List<UpdateDownloadResult> results) {
        for (UpdateDownloadResult r : results) {
            if (r.resultCode() != OperationResultCode.Succeeded) {
                return r.hResult();
            }
        }
        return HResult.S_OK.code();
    }
}
