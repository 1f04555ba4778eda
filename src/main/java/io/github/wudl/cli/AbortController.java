package io.github.wudl.cli;

import io.github.wudl.wua.DownloadJob;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Ends a run early and cleanly: on {@code --timeout}, on Ctrl-C/SIGTERM, or when an embedder calls
 * {@link #abort}. Aborting calls {@link DownloadJob#requestAbort()} on the job (now, or as soon as one is
 * attached), so the job ends Aborted with its partial files kept for resume, and the run still prints its
 * summary and writes its report.
 *
 * <p>Signals: a JVM shutdown hook is the only portable way to see SIGINT/SIGTERM. The hook aborts the job,
 * waits for the run to report {@link #finished}, then halts the JVM with the run's exit status — halting,
 * because a JVM that shuts down on a signal would otherwise exit 130/143 instead of SPEC's 3.
 */
public final class AbortController implements AutoCloseable {
    /** How long a signal waits for an attached job to end and the report to be written. */
    private static final long SIGNAL_WAIT_JOB_SECONDS = 60;
    /** How long a signal waits for a run that has not started its job (still reading the catalog). */
    private static final long SIGNAL_WAIT_NO_JOB_SECONDS = 5;

    private final Consumer<String> notice;
    private final CountDownLatch finished = new CountDownLatch(1);
    private ScheduledExecutorService timer;
    private ScheduledFuture<?> timeoutAbort;
    private Thread hook;
    private DownloadJob job;
    private String reason;
    private volatile int exitCode = ExitCode.ABORTED;

    private AbortController(Consumer<String> notice) {
        this.notice = notice;
    }

    /**
     * A controller that aborts on a timeout and/or on a signal, whichever comes first.
     *
     * @param timeout       abort after this long ({@code --timeout}), or null for no limit
     * @param catchSignals  install the shutdown hook (only when this run owns the process)
     * @param notice        told once, in words, why the run is being aborted
     */
    public static AbortController start(Duration timeout, boolean catchSignals, Consumer<String> notice) {
        AbortController c = new AbortController(notice);
        if (timeout != null) {
            c.timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "wudl-timeout");
                t.setDaemon(true);
                return t;
            });
            c.timeoutAbort = c.timer.schedule(
                    () -> c.abort("--timeout of " + ProgressFormat.duration(timeout.toMillis()) + " reached"),
                    timeout.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        if (catchSignals) {
            c.hook = new Thread(c::onSignal, "wudl-signal");
            Runtime.getRuntime().addShutdownHook(c.hook);
        }
        return c;
    }

    /** The job to abort; aborted at once if an abort was already requested. */
    public void attach(DownloadJob job) {
        boolean abortNow;
        synchronized (this) {
            this.job = job;
            abortNow = reason != null;
        }
        if (abortNow) {
            requestAbort(job);
        }
    }

    /** Requests the abort; the first reason wins, later calls do nothing. */
    public void abort(String why) {
        DownloadJob j;
        synchronized (this) {
            if (reason != null) {
                return;
            }
            reason = why;
            j = job;
        }
        notice.accept("aborting: " + why + "; waiting for the download to stop");
        if (j != null) {
            requestAbort(j);
        }
    }

    public synchronized boolean aborted() {
        return reason != null;
    }

    /** Why the run was aborted, or null. */
    public synchronized String reason() {
        return reason;
    }

    /** The run is over with {@code status}; a waiting signal hook may now end the process with it. */
    public void finished(int status) {
        exitCode = status;
        finished.countDown();
    }

    /** Stops the timer and removes the signal hook. */
    @Override
    public void close() {
        if (timeoutAbort != null) {
            timeoutAbort.cancel(false);
        }
        if (timer != null) {
            timer.shutdownNow();
        }
        if (hook != null && Thread.currentThread() != hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook is running and will end the process
            }
        }
    }

    private void onSignal() {
        if (finished.getCount() == 0) {
            // the run was over before the signal: end with its status rather than the signal's 130/143
            Runtime.getRuntime().halt(exitCode);
        }
        abort("interrupted (Ctrl-C or SIGTERM)");
        boolean hadJob;
        synchronized (this) {
            hadJob = job != null;
        }
        boolean done = false;
        try {
            done = finished.await(hadJob ? SIGNAL_WAIT_JOB_SECONDS : SIGNAL_WAIT_NO_JOB_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(done ? exitCode : ExitCode.ABORTED);
    }

    private static void requestAbort(DownloadJob j) {
        try {
            j.requestAbort();
        } catch (RuntimeException e) {
            // a job that already completed may refuse; its result stands
        }
    }
}
