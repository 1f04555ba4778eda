package io.github.wudl.script;

import io.github.wudl.wua.DownloadCompletedCallback;
import io.github.wudl.wua.DownloadJob;
import io.github.wudl.wua.DownloadProgress;
import io.github.wudl.wua.DownloadProgressChangedCallback;
import io.github.wudl.wua.DownloadResult;
import io.github.wudl.wua.HResult;
import io.github.wudl.wua.UpdateDownloader;
import io.github.wudl.wua.WuaException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;

/**
 * IDownloadJob as a script sees it, and the bridge between the engine's callback threads and the script's
 * thread for one job.
 *
 * <p>The engine calls {@link #engineProgress()}/{@link #engineCompleted()} on its own thread; they only post
 * to the run's {@link EventLoop} and return, so they never touch a {@link Value}. Progress is coalesced: at
 * most one progress event of a job waits in the queue, carrying the newest snapshot, so a slow script never
 * falls behind (the engine already bounds the rate by time, ≤ 10/s by default). On the script thread the
 * events call the script's callbacks with this very object as {@code job}, in order: {@code progress*
 * completed}, then settle {@code await job} / {@code job.promise} with the DownloadResult.
 *
 * <p>EndDownload and CleanUp wait by pumping the event loop, so callbacks keep arriving while they wait and
 * they never deadlock; inside one of this job's callbacks CleanUp returns WU_S_MARKED_FOR_DISCONNECT at once,
 * as the engine does, and EndDownload waits for completion only (the completed callback follows after).
 */
final class DownloadJobFacade extends Dispatch {
    private static final Members MEMBERS = Members.<DownloadJobFacade>of("IDownloadJob")
            .get("AsyncState", j -> j.asyncState == null ? j.realm.undefined() : j.asyncState)
            .get("IsCompleted", j -> j.job.isCompleted())
            .get("Updates", j -> UpdateCollectionFacade.of(j.realm, j.job.updates()))
            .method("CleanUp", (j, a) -> j.cleanUp())
            .method("GetProgress", (j, a) -> ProgressFacades.progress(j.realm, j.job.getProgress()))
            .method("RequestAbort", (j, a) -> {
                j.job.requestAbort();
                return null;
            })
            .get("promise", DownloadJobFacade::promise)
            .hiddenMethod("then", (j, a) -> j.then(Args.at(a, 0), Args.at(a, 1)))
            .build();

    final UpdateDownloaderFacade downloader;
    private final UpdateDownloader backendDownloader;
    private final Callback onProgress;
    private final Callback onCompleted;
    private final AtomicReference<DownloadProgress> pendingProgress = new AtomicReference<>();
    private final EventLoop.Event progressEvent;
    private final EventLoop.Event completedEvent;
    private DownloadJob job;
    // script thread only:
    private Value asyncState;
    private boolean inCallback;
    private boolean released;
    private boolean completionDelivered;
    private boolean endedByScript;
    private DownloadResult result;
    private List<Value[]> waiters;
    private Value promise;

    DownloadJobFacade(
            Realm realm,
            UpdateDownloaderFacade downloader,
            UpdateDownloader backendDownloader,
            Callback onProgress,
            Callback onCompleted,
            Value asyncState) {
        super(realm, MEMBERS);
        this.downloader = downloader;
        this.backendDownloader = backendDownloader;
        this.onProgress = onProgress;
        this.onCompleted = onCompleted;
        this.asyncState = asyncState;
        this.progressEvent = new JobEvent(this::deliverProgress);
        this.completedEvent = new JobEvent(this::deliverCompleted);
    }

    /** Binds the engine's job, right after BeginDownload returned it (before any event is delivered). */
    void attach(DownloadJob backendJob) {
        this.job = backendJob;
    }

    /** For the engine: runs on its callback thread. */
    DownloadProgressChangedCallback engineProgress() {
        EventLoop loop = realm.loop();
        return (j, args) -> {
            if (pendingProgress.getAndSet(args.progress()) == null) {
                loop.post(progressEvent);
            }
        };
    }

    /** For the engine: runs on its callback thread, once, after the last progress callback. */
    DownloadCompletedCallback engineCompleted() {
        EventLoop loop = realm.loop();
        return (j, args) -> loop.post(completedEvent);
    }

    boolean inCallback() {
        return inCallback;
    }

    boolean completionDelivered() {
        return completionDelivered;
    }

    DownloadJob backendJob() {
        return job;
    }

    private void deliverProgress() {
        DownloadProgress p = pendingProgress.getAndSet(null);
        if (p != null && onProgress != null && !released && !completionDelivered) {
            invoke(onProgress, ProgressFacades.progressArgs(realm, p), "progress callback");
        }
    }

    private void deliverCompleted() {
        if (onCompleted != null && !released) {
            invoke(onCompleted, ProgressFacades.completedArgs(realm), "completed callback");
        }
        completionDelivered = true;
        realm.jobSettled();
        if (waiters != null) {
            for (Value[] w : waiters) {
                settle(w[0], w[1]);
            }
            waiters = null;
        }
    }

    private void invoke(Callback callback, Object args, String what) {
        inCallback = true;
        try {
            callback.invoke(this, args);
        } catch (PolyglotException e) {
            if (realm.control().stopping() || e.isCancelled() || e.isExit() || e.isInterrupted()) {
                throw e;
            }
            realm.reportCallbackError(what, e);
        } finally {
            inCallback = false;
        }
    }

    /** What a wait in EndDownload/CleanUp waits for; inside this job's own callback, completion only. */
    private boolean done() {
        return completionDelivered || (inCallback && job.isCompleted());
    }

    private void awaitDone() {
        realm.loop().pumpUntil(this::done, EventLoop.FOREVER);
    }

    /** EndDownload: waits (delivering callbacks), returns the result once, releases AsyncState. */
    DownloadResult endByScript() {
        if (endedByScript) {
            throw new WuaException(
                    HResult.WU_E_INVALID_OPERATION,
                    "EndDownload was already called for this job; call it once per job");
        }
        awaitDone();
        DownloadResult r = result();
        endedByScript = true;
        asyncState = null; // WUA releases the state at EndDownload
        return r;
    }

    private Object cleanUp() {
        if (inCallback) {
            released = true; // the running callback finishes; no other follows
            return HResult.WU_S_MARKED_FOR_DISCONNECT.code();
        }
        awaitDone();
        released = true;
        return job.cleanUp();
    }

    /** The engine's result, fetched once (EndDownload on the engine's job is allowed once). */
    private DownloadResult result() {
        if (result == null) {
            result = backendDownloader.endDownload(job);
        }
        return result;
    }

    private Object then(Value onFulfilled, Value onRejected) {
        if (completionDelivered) {
            settle(onFulfilled, onRejected);
        } else {
            if (waiters == null) {
                waiters = new ArrayList<>(2);
            }
            waiters.add(new Value[] {onFulfilled, onRejected});
        }
        return null;
    }

    private void settle(Value onFulfilled, Value onRejected) {
        Object outcome;
        boolean ok;
        try {
            outcome = ProgressFacades.result(realm, result());
            ok = true;
        } catch (WuaException e) {
            outcome = realm.errorValue(e);
            ok = false;
        }
        Value f = ok ? onFulfilled : onRejected;
        if (f != null && f.canExecute()) {
            f.executeVoid(outcome);
        }
    }

    private Value promise() {
        if (promise == null) {
            promise = realm.promiseOf(this);
        }
        return promise;
    }

    /** One kind of event of this job; the same two instances are posted again and again (no garbage). */
    private final class JobEvent implements EventLoop.Event {
        private final Runnable action;

        JobEvent(Runnable action) {
            this.action = action;
        }

        @Override
        public DownloadJobFacade job() {
            return DownloadJobFacade.this;
        }

        @Override
        public void deliver() {
            action.run();
        }
    }

    @Override
    public String toString() {
        return "[object IDownloadJob]";
    }
}
