package io.github.wudl.transfer;

import io.github.wudl.wua.HResult;
import io.github.wudl.wua.Redaction;
import io.github.wudl.wua.WuaException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Downloads content files into a {@link ContentCache}: a bounded pool of {@link TransferConfig#maxParallel()}
 * daemon threads named {@code wudl-transfer-N} takes submitted requests by priority (higher first), then
 * submission order.
 *
 * <p>What a submitted request gets, in order:
 * <ul>
 * <li>A published file that re-verifies: the result with {@code fromCache=true} and no network request.
 *     A published file that does not verify (corrupt on disk) is deleted and fetched again.</li>
 * <li>Otherwise the file is fetched under an exclusive lock on its key (so two threads, Transferers or
 *     processes never fetch the same file twice: whoever waited finds it published, {@code fromCache=true}).
 *     A partial file left by an earlier run is re-hashed and resumed with Range and If-Range.</li>
 * <li>Sources are tried in order; at each, transient failures (connection errors, truncated bodies, stalls
 *     of {@code stallTimeout} without a byte, HTTP 408/429/500/502/503/504) are retried with exponential
 *     backoff and Retry-After; an attempt that stored new bytes does not use up the {@code maxRetries} budget.
 *     Other HTTP statuses, unresolvable hosts, and wrong bytes move to the next mirror at once.</li>
 * <li>The digest (SHA-256, and SHA-1 when that is the catalog's algorithm) is computed while bytes stream;
 *     the size and digest are checked before an atomic rename publishes the file. Bytes are not fsynced.</li>
 * </ul>
 *
 * <p>Unhappy paths: the task's future fails with a {@link WuaException}: the HTTP status mapping of the
 * primary source ({@code HResult.forHttpStatus}), WU_E_PT_WINHTTP_NAME_NOT_RESOLVED, WU_E_TIME_OUT (stalls
 * exhausted the budget), WU_E_PT_UNEXPECTED (other network errors), WU_E_DM_INCORRECTFILEHASH (wrong size or
 * digest, expected and actual digests in the message, nothing published), WU_E_DM_CONTENTCHANGED (the ETag
 * changed twice during one transfer), WU_E_DM_URLNOTAVAILABLE (no source), WU_E_BAD_FILE_URL (not http/https),
 * ERROR_DISK_FULL (not retried; the partial file stays consistent), WU_E_CALL_CANCELLED after
 * {@link TransferTask#cancel()} or {@link #close()}. Messages name the file and the URL with credentials
 * redacted, and say what to do.
 *
 * <p>Two submissions of the same content while the first is queued or running share one transfer; both
 * futures complete with its outcome, and cancelling one leaves the other running.
 */
public final class Transferer implements AutoCloseable {
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final Comparator<SharedTransfer> ORDER =
            Comparator.comparingInt(SharedTransfer::priority).reversed().thenComparingLong(j -> j.seq);

    /** Queued once per worker by {@link #close()}: wakes an idle worker at once and tells it to leave. */
    private static final SharedTransfer STOP =
            new SharedTransfer(new TransferRequest(List.of(), 0, null, null, "stop", Integer.MAX_VALUE), "", 0);

    private final TransferConfig config;
    private final ContentCache cache;
    private final PriorityBlockingQueue<SharedTransfer> queue = new PriorityBlockingQueue<>(16, ORDER);
    private final Map<String, SharedTransfer> inFlight = new HashMap<>();
    private final List<Thread> workers = new ArrayList<>();
    private final AtomicLong seq = new AtomicLong();
    private boolean closed;

    public Transferer(TransferConfig config, ContentCache cache) {
        this.config = Objects.requireNonNull(config, "config");
        this.cache = Objects.requireNonNull(cache, "cache");
        warmUp();
        for (int i = 0; i < config.maxParallel(); i++) {
            Thread t = new Thread(this::work, "wudl-transfer-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
    }

    /**
     * Gets SHA-256 compiled at full speed before content arrives: call it as early as a download is known to
     * come (the portable backend does when a session opens). Once per JVM; returns at once.
     */
    public static void warmUp() {
        RunningDigests.warmUp(TransferConfig.builder().build().bufferSize());
    }

    public TransferConfig config() {
        return config;
    }

    public ContentCache cache() {
        return cache;
    }

    /**
     * Queues {@code request}; returns at once. The listener (may be null) hears this transfer's events on a
     * transfer thread. After {@link #close()} the task fails with WU_E_SERVICE_STOP.
     */
    public TransferTask submit(TransferRequest request, TransferListener listener) {
        Objects.requireNonNull(request, "request");
        String key;
        try {
            key = cache.key(request);
        } catch (WuaException e) {
            return failed(e);
        }
        synchronized (this) {
            if (closed) {
                return failed(new WuaException(HResult.WU_E_SERVICE_STOP, "The transfer of "
                        + request.displayName() + " was not started: the transferer is closed."));
            }
            SharedTransfer running = inFlight.get(key);
            // only an identical demand shares a transfer: a request that disagrees (another size, another
            // second digest) must get its own answer, not the other's result
            if (running != null && running.request.size() == request.size()
                    && java.util.Arrays.equals(running.request.sha1Also(), request.sha1Also())) {
                SharedTransfer.Attachment a = running.attach(listener);
                if (a != null) {
                    return a;
                }
            }
            SharedTransfer job = new SharedTransfer(request, key, seq.incrementAndGet());
            SharedTransfer.Attachment a = job.attach(listener);
            inFlight.put(key, job);
            job.done.whenComplete((r, e) -> forget(job));
            queue.add(job);
            return a;
        }
    }

    /**
     * Cancels every queued and running transfer (their futures fail with WU_E_CALL_CANCELLED, partial files
     * stay) and stops the worker threads. Returns at once: a worker blocked in a socket read of a silent
     * server leaves at its next read or at the stall timeout, whichever comes first (see {@code Http}); it
     * is a daemon and stores nothing after the cancel. Idempotent.
     */
    @Override
    public void close() {
        List<SharedTransfer> jobs;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            jobs = new ArrayList<>(inFlight.values());
        }
        jobs.forEach(SharedTransfer::cancel);
        workers.forEach(w -> queue.add(STOP));
    }

    /** After {@link #close()}: waits up to {@code timeout} for every worker thread to end; true if they all did. */
    public boolean awaitWorkersStopped(java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread t : workers) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return !t.isAlive() && workers.stream().noneMatch(Thread::isAlive);
            }
            TimeUnit.NANOSECONDS.timedJoin(t, left);
        }
        return workers.stream().noneMatch(Thread::isAlive);
    }

    private void work() {
        while (true) {
            SharedTransfer job;
            try {
                // close() stops workers with STOP, never an interrupt (see SharedTransfer#cancelSignal); the
                // poll's timeout is a second way out should a STOP ever be missed
                job = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (job == STOP) {
                return;
            }
            if (job == null) {
                synchronized (this) {
                    if (closed) {
                        return;
                    }
                }
                continue;
            }
            try {
                if (!job.cancelled()) {
                    job.done.complete(new FileTransfer(job, config, cache).run());
                }
            } catch (WuaException e) {
                job.done.completeExceptionally(e);
            } catch (RuntimeException | Error e) {
                job.done.completeExceptionally(new WuaException(HResult.WU_E_DM_UNEXPECTED, "The download of "
                        + job.request.displayName() + " failed unexpectedly: "
                        + Redaction.text(e.toString(), job.request.sources()), null));
            } finally {
                job.done.completeExceptionally(job.cancelledException()); // no-op unless it was never completed
            }
        }
    }

    private synchronized void forget(SharedTransfer job) {
        inFlight.remove(job.key, job);
        queue.remove(job);
    }

    private static TransferTask failed(WuaException e) {
        CompletableFuture<TransferResult> f = CompletableFuture.failedFuture(e);
        return new TransferTask() {
            @Override
            public CompletableFuture<TransferResult> result() {
                return f;
            }

            @Override
            public void cancel() {
                // already finished
            }
        };
    }
}
