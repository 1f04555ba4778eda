package io.github.wudl.transfer;

import io.github.wudl.wua.HResult;
import io.github.wudl.wua.Redaction;
import io.github.wudl.wua.WuaException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The transfer scheduler: downloads content files into a {@link ContentCache} on daemon threads named
 * {@code wudl-transfer-N}. One Transferer serves every download of a portable session, so what it promises
 * holds across the session's jobs.
 *
 * <p>Scheduling. Requests come through a {@link Group} (the portable backend makes one per download job;
 * {@link #submit} uses a default group whose cap is {@link TransferConfig#maxParallel()}):
 * <ul>
 * <li>Files in flight: at most the largest cap among the groups that have a task not yet finished; and a
 *     group starts at most its own cap. A transfer counts against the group that started it; a task that
 *     joins a transfer already running costs no place.</li>
 * <li>Order, decided here only: the next transfer to start is taken from the groups below their cap, the
 *     group of higher priority first, then the request of higher {@link TransferRequest#priority()}, then
 *     the earlier submission.</li>
 * <li>A transfer gives up its place when its outcome is known, a cancelled one at once (its worker may
 *     still sit in a read of a silent server until its next read or the stall timeout, storing nothing).</li>
 * <li>Threads are made as places are taken and end after ten seconds without work, so a
 *     Transferer nobody closes (a session's) holds no thread while idle.</li>
 * </ul>
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
 * <p>Two submissions of the same content while the first is queued or running share one transfer, through
 * one group or two: both futures complete with its outcome, and cancelling one leaves the other running.
 */
public final class Transferer implements AutoCloseable {
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final long IDLE_SECONDS = 10;
    /** Within a group: higher request priority first, then submission order. */
    private static final Comparator<SharedTransfer> ORDER =
            Comparator.comparingInt(SharedTransfer::priority).reversed().thenComparingLong(j -> j.seq);

    private final TransferConfig config;
    private final ContentCache cache;
    private final Http http;
    private final ThreadPoolExecutor workers;
    private final Group defaultGroup;
    private final AtomicLong seq = new AtomicLong();
    // guarded by this
    private final Map<String, SharedTransfer> inFlight = new HashMap<>();
    /** Groups with a task not yet finished: their caps make the overall cap. */
    private final Set<Group> active = new LinkedHashSet<>();

    private int running;
    private boolean closed;

    public Transferer(TransferConfig config, ContentCache cache) {
        this(config, cache, Http.standard());
    }

    /** Over the transports of {@code http} (tests give their own, with their own keep-alive pool). */
    Transferer(TransferConfig config, ContentCache cache, Http http) {
        this.config = Objects.requireNonNull(config, "config");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.http = Objects.requireNonNull(http, "http");
        warmUp();
        // places are counted by promote(), not by the pool: a cancelled transfer's worker may outlive its place
        this.workers = new ThreadPoolExecutor(
                0, Integer.MAX_VALUE, IDLE_SECONDS, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
                    Thread t = new Thread(r, "wudl-transfer-" + THREADS.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.defaultGroup = new Group(config.maxParallel(), 0);
    }

    /**
     * Starts, once per JVM, a low-priority daemon thread that hashes 32 MiB the way transfers do, so that the
     * JIT has SHA-256 compiled at full speed before content arrives; returns at once. Every Transferer calls
     * it when made (the portable backend makes one per session, at its first download), and the command
     * line's download calls it earlier, before it reads the catalog.
     */
    public static void warmUp() {
        RunningDigests.warmUp(TransferConfig.builder().build().bufferSize());
    }

    /**
     * A new group: its tasks start at most {@code maxParallel} transfers at a time (capped at
     * {@link TransferConfig#MAX_PARALLEL}) and go before those of groups of lower {@code priority}.
     */
    public Group group(int maxParallel, int priority) {
        if (maxParallel < 1) {
            throw new IllegalArgumentException("maxParallel must be at least 1");
        }
        return new Group(Math.min(maxParallel, TransferConfig.MAX_PARALLEL), priority);
    }

    /** {@link Group#submit} of the default group (cap {@link TransferConfig#maxParallel()}, priority 0). */
    public TransferTask submit(TransferRequest request, TransferListener listener) {
        return defaultGroup.submit(request, listener);
    }

    private List<TransferTask> submit(Group group, List<TransferRequest> requests, List<TransferListener> listeners) {
        if (requests.size() != listeners.size()) {
            throw new IllegalArgumentException("one listener (or null) per request");
        }
        int n = requests.size();
        List<TransferTask> tasks = new ArrayList<>(Collections.nCopies(n, null));
        String[] keys = new String[n];
        for (int i = 0; i < n; i++) {
            try {
                keys[i] = cache.key(Objects.requireNonNull(requests.get(i), "request"));
            } catch (WuaException e) {
                tasks.set(i, failed(e));
            }
        }
        synchronized (this) {
            for (int i = 0; i < n; i++) {
                if (keys[i] != null) {
                    tasks.set(i, enqueue(group, requests.get(i), keys[i], listeners.get(i)));
                }
            }
            // once, after the whole batch is queued: its first request must not start before a later one
            // of higher priority is even known
            promote();
        }
        return tasks;
    }

    /** Joins the transfer under way for the same demand, or queues a new one. Holds the monitor. */
    // the whenComplete stages only run the scheduler's bookkeeping, which throws nothing: their own futures
    // have nothing to tell, so they are dropped on purpose
    @SuppressWarnings("FutureReturnValueIgnored")
    private TransferTask enqueue(Group group, TransferRequest request, String key, TransferListener listener) {
        if (closed) {
            return failed(new WuaException(
                    HResult.WU_E_SERVICE_STOP,
                    "The transfer of " + request.displayName() + " was not started: the transferer is closed."));
        }
        SharedTransfer job = inFlight.get(key);
        SharedTransfer.Attachment a = null;
        // only an identical demand shares a transfer: a request that disagrees (another size, another
        // second digest) must get its own answer, not the other's result
        if (job != null
                && job.request.size() == request.size()
                && Arrays.equals(job.request.sha1Also(), request.sha1Also())) {
            a = job.attach(listener, group);
        }
        if (a == null) {
            SharedTransfer created = new SharedTransfer(request, key, seq.incrementAndGet());
            a = created.attach(listener, group);
            inFlight.put(key, created);
            created.done.whenComplete((r, e) -> finished(created));
            job = created;
        }
        if (group.open++ == 0) {
            active.add(group);
        }
        if (job.charged == null && job.queuedIn.add(group)) {
            group.queue.add(job);
        }
        SharedTransfer joined = job;
        a.result().whenComplete((r, e) -> released(group, joined));
        return a;
    }

    /** One task of {@code group} on {@code job} has its outcome. */
    private synchronized void released(Group group, SharedTransfer job) {
        if (--group.open == 0) {
            active.remove(group);
        }
        // a task cancelled while its transfer waits: the group no longer pulls it forward, others still may
        if (job.charged == null && !job.wantedBy(group) && job.queuedIn.remove(group)) {
            group.queue.remove(job);
        }
    }

    /** The transfer has its outcome: it leaves the queues, gives up its place, and the next may start. */
    private synchronized void finished(SharedTransfer job) {
        inFlight.remove(job.key, job);
        for (Group g : job.queuedIn) {
            g.queue.remove(job);
        }
        job.queuedIn.clear();
        if (job.charged != null) {
            job.charged.running--;
            running--;
        }
        promote();
    }

    /** Starts transfers while there are places, in the order of the class comment. Holds the monitor. */
    private void promote() {
        while (!closed && running < cap()) {
            Group best = null;
            for (Group g : active) {
                if (g.running < g.cap
                        && !g.queue.isEmpty()
                        && (best == null
                                || g.priority > best.priority
                                || (g.priority == best.priority
                                        && ORDER.compare(g.queue.first(), best.queue.first()) < 0))) {
                    best = g;
                }
            }
            if (best == null) {
                return;
            }
            SharedTransfer job = best.queue.first();
            for (Group g : job.queuedIn) {
                g.queue.remove(job);
            }
            job.queuedIn.clear();
            job.charged = best;
            best.running++;
            running++;
            workers.execute(() -> run(job));
        }
    }

    /** The largest cap among the groups with unfinished tasks (0 when there are none). */
    private int cap() {
        int cap = 0;
        for (Group g : active) {
            cap = Math.max(cap, g.cap);
        }
        return cap;
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
        workers.shutdown();
    }

    /** After {@link #close()}: waits up to {@code timeout} for every worker thread to end; true if they all did. */
    public boolean awaitWorkersStopped(Duration timeout) throws InterruptedException {
        return workers.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** On a worker: the transfer, and its future completed exactly once whatever happens. */
    private void run(SharedTransfer job) {
        try {
            if (!job.cancelled()) {
                job.done.complete(new FileTransfer(job, config, cache, http).run());
            }
        } catch (WuaException e) {
            job.done.completeExceptionally(e);
        } catch (RuntimeException | Error e) {
            job.done.completeExceptionally(new WuaException(
                    HResult.WU_E_DM_UNEXPECTED,
                    "The download of "
                            + job.request.displayName() + " failed unexpectedly: "
                            + Redaction.text(e.toString(), job.request.sources()),
                    null));
        } finally {
            job.done.completeExceptionally(job.cancelledException()); // no-op unless it was never completed
        }
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

    /**
     * The tasks of one submitter, such as one download job: a cap on the transfers it starts and a priority
     * against other groups (see the class comment). Made by {@link Transferer#group}; thread-safe; holds
     * nothing once its tasks have finished, so a group needs no closing.
     */
    public final class Group {
        private final int cap;
        private final int priority;
        // guarded by the Transferer's monitor
        private final TreeSet<SharedTransfer> queue = new TreeSet<>(ORDER);
        private int running;
        private int open;

        private Group(int cap, int priority) {
            this.cap = cap;
            this.priority = priority;
        }

        /** Most transfers this group starts at a time. */
        public int maxParallel() {
            return cap;
        }

        public int priority() {
            return priority;
        }

        /**
         * Queues {@code request}; returns at once. The listener (may be null) hears this transfer's events on
         * a transfer thread. After {@link Transferer#close()} the task fails with WU_E_SERVICE_STOP.
         */
        public TransferTask submit(TransferRequest request, TransferListener listener) {
            return Transferer.this
                    .submit(this, List.of(request), Arrays.asList(listener))
                    .get(0);
        }

        /**
         * {@link #submit} of every request at once, with {@code listeners.get(i)} (may be null) for
         * {@code requests.get(i)}: which starts first is decided among them all, so a request of higher
         * priority later in the list still goes before an earlier one. The tasks are in the requests' order.
         */
        public List<TransferTask> submitAll(List<TransferRequest> requests, List<TransferListener> listeners) {
            return Transferer.this.submit(this, requests, listeners);
        }
    }
}
