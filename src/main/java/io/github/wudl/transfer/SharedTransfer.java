package io.github.wudl.transfer;

import io.github.wudl.wua.DownloadPhase;
import io.github.wudl.wua.HResult;
import io.github.wudl.wua.WuaException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

/**
 * The {@link Transferer}'s unit of work: one transfer of one content key, shared by every {@link TransferTask}
 * submitted for that key while it is queued or running (in-process dedup), whichever {@link Transferer.Group}
 * it came through. Not a WUA download job: that is {@code wua.DownloadJob}, which fetches many files through
 * many of these. Each task is an
 * {@link Attachment} with its own future, listener and group; the transfer is cancelled only when every
 * attachment has cancelled.
 *
 * <p>Listener calls happen outside this object's monitor (a snapshot of the listeners is taken under it), so
 * a listener may call back into the task without deadlock.
 */
final class SharedTransfer {
    final TransferRequest request;
    final String key;
    final long seq;
    /** Completed by the worker, exactly once. Attachments follow it. */
    final CompletableFuture<TransferResult> done = new CompletableFuture<>();

    private final List<Attachment> attachments = new ArrayList<>();
    private DownloadPhase phase;
    private long bytes = -1;
    private boolean cancelled;
    private Http.Abort abort;
    /**
     * Opens on cancel; waits of the worker (backoff, key lock) watch it. Cancel never interrupts the worker:
     * an interrupt would close the part file's channel mid-write (ClosedByInterruptException) and lose bytes.
     */
    final CountDownLatch cancelSignal = new CountDownLatch(1);

    // The scheduler's bookkeeping, guarded by the Transferer's monitor (never by this object's).
    /** The groups whose queues hold this job while it waits for a place; empty once it started. */
    final Set<Transferer.Group> queuedIn = new HashSet<>(2);
    /** The group it counts against once started (the one that started it), else null. */
    Transferer.Group charged;

    // the whenComplete stage only hands the outcome on to the attachments' own futures, which are what
    // callers see: its own future has nothing to tell, so it is dropped on purpose
    @SuppressWarnings("FutureReturnValueIgnored")
    SharedTransfer(TransferRequest request, String key, long seq) {
        this.request = request;
        this.key = key;
        this.seq = seq;
        done.whenComplete((r, e) -> {
            for (Attachment a : snapshot()) {
                if (e == null) {
                    a.future.complete(r);
                } else {
                    a.future.completeExceptionally(e);
                }
            }
        });
    }

    int priority() {
        return request.priority();
    }

    /**
     * A new task on this transfer, or null when it can no longer take one (finished or cancelled). A late
     * listener first hears the current phase and progress, so its grammar still starts with a phase.
     */
    Attachment attach(TransferListener listener, Transferer.Group group) {
        Attachment a = new Attachment(this, listener == null ? TransferListener.NONE : listener, group);
        // Holding the attachment's monitor while it joins and hears the replay makes an event of the worker
        // that comes meanwhile wait (see deliver): it is newer than the replayed state, so it goes after it.
        synchronized (a) {
            DownloadPhase p;
            long b;
            synchronized (this) {
                if (cancelled || done.isDone()) {
                    return null;
                }
                attachments.add(a);
                p = phase;
                b = bytes;
            }
            if (p != null) {
                safely(() -> a.listener.phase(DownloadPhase.Initializing));
                if (p != DownloadPhase.Initializing) {
                    safely(() -> a.listener.phase(p));
                }
                if (b >= 0 && p == DownloadPhase.Downloading) {
                    safely(() -> a.listener.progressed(b));
                }
            }
        }
        return a;
    }

    // State and recipients are read together, so an event is either part of what attach() replays to a new
    // listener or delivered to it afterwards, never both and never neither.
    void phase(DownloadPhase p) {
        List<Attachment> targets;
        synchronized (this) {
            phase = p;
            targets = List.copyOf(attachments);
        }
        for (Attachment a : targets) {
            a.deliver(() -> a.listener.phase(p));
        }
    }

    void progressed(long b) {
        List<Attachment> targets;
        synchronized (this) {
            bytes = b;
            targets = List.copyOf(attachments);
        }
        for (Attachment a : targets) {
            a.deliver(() -> a.listener.progressed(b));
        }
    }

    void retrying(int attempt, Exception cause) {
        for (Attachment a : snapshot()) {
            a.deliver(() -> a.listener.retrying(attempt, cause));
        }
    }

    synchronized boolean cancelled() {
        return cancelled;
    }

    /** Whether a task of {@code group} still waits for this transfer. */
    synchronized boolean wantedBy(Transferer.Group group) {
        for (Attachment a : attachments) {
            if (a.group == group && !a.future.isDone()) {
                return true;
            }
        }
        return false;
    }

    /** A fresh abort handle for the next exchange; already aborted if the job is cancelled. */
    synchronized Http.Abort newAbort() {
        abort = new Http.Abort();
        if (cancelled) {
            abort.abort();
        }
        return abort;
    }

    /** Stops the transfer: the exchange under way is closed, a waiting worker wakes up. */
    void cancel() {
        Http.Abort a;
        synchronized (this) {
            if (cancelled || done.isDone()) {
                return;
            }
            cancelled = true;
            a = abort;
        }
        cancelSignal.countDown();
        if (a != null) {
            a.abort();
        }
        done.completeExceptionally(cancelledException());
    }

    WuaException cancelledException() {
        return new WuaException(
                HResult.WU_E_CALL_CANCELLED,
                "The download of " + request.displayName()
                        + " was cancelled; its partial file stays in the cache and a later download resumes it.");
    }

    private void detach(Attachment a) {
        boolean last;
        synchronized (this) {
            last = attachments.remove(a) && attachments.isEmpty();
        }
        a.future.completeExceptionally(cancelledException());
        if (last) {
            cancel();
        }
    }

    private synchronized List<Attachment> snapshot() {
        return List.copyOf(attachments);
    }

    /** Listeners must not throw; one that does must not break the transfer. */
    private static void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException ignored) {
            // a misbehaving listener loses its event, nothing else
        }
    }

    /** The task handed to one submitter. */
    static final class Attachment implements TransferTask {
        private final SharedTransfer job;
        private final TransferListener listener;
        private final Transferer.Group group;
        private final CompletableFuture<TransferResult> future = new CompletableFuture<>();

        Attachment(SharedTransfer job, TransferListener listener, Transferer.Group group) {
            this.job = job;
            this.listener = listener;
            this.group = group;
        }

        /** One event to this task's listener, after any replay attach() is still making to it. */
        synchronized void deliver(Runnable event) {
            safely(event);
        }

        @Override
        public CompletableFuture<TransferResult> result() {
            return future;
        }

        @Override
        public void cancel() {
            if (!future.isDone()) {
                job.detach(this);
            }
        }

        @Override
        public String toString() {
            return "TransferTask[" + job.request.displayName() + "]";
        }
    }
}
