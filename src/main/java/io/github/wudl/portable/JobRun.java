package io.github.wudl.portable;

import io.github.wudl.catalog.CatalogFile;
import io.github.wudl.transfer.ContentCache;
import io.github.wudl.transfer.TransferListener;
import io.github.wudl.transfer.TransferRequest;
import io.github.wudl.transfer.TransferResult;
import io.github.wudl.transfer.TransferTask;
import io.github.wudl.transfer.Transferer;
import io.github.wudl.wua.DownloadPhase;
import io.github.wudl.wua.DownloadPriority;
import io.github.wudl.wua.DownloadResult;
import io.github.wudl.wua.DownloadType;
import io.github.wudl.wua.DownloadedFile;
import io.github.wudl.wua.HResult;
import io.github.wudl.wua.OperationResultCode;
import io.github.wudl.wua.Sizes;
import io.github.wudl.wua.UpdateDownloadResult;
import io.github.wudl.wua.WuaException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * Runs one job's download on the job's thread: checks free space, submits every content file, in collection
 * order, to the session's one {@link Transferer} through a group of its own, ends each update as its files
 * finish, and hands the overall result to {@code onFinished} exactly once.
 *
 * <p>How the job's Priority maps onto the shared scheduler: the job's group may start at most its cap of
 * files at a time ({@link PortableOptions#parallelOverride()} when set, else Low 1, Normal 6, High 10,
 * ExtraHigh 16), and the session has at most the largest cap among its unfinished jobs in flight, so two Low
 * jobs fetch one file at a time between them. The next file to start comes from the job of higher Priority,
 * then the update of higher DownloadPriority, then the earlier submission; that order is decided by the
 * scheduler alone. A file that another job of the session is already fetching is not fetched again: the job
 * joins that transfer (at no cost to its cap) and sees its progress.
 *
 * <p>Abort cancels this job's share of every transfer: a transfer no other job wants stops, one that another
 * job still waits for goes on for it. Updates not yet ended end Aborted with WU_E_CALL_CANCELLED. Partial
 * files stay in the cache for a later resume.
 */
final class JobRun implements Runnable {
    private final PortableSession session;
    private final List<PortableUpdate> updates;
    private final DownloadType type;
    private final boolean forced;
    private final DownloadPriority priority;
    private final Consumer<DownloadResult> onFinished;
    private final List<List<CatalogFile>> files = new ArrayList<>();
    private final JobProgress progress;
    private final List<TransferTask> tasks = new ArrayList<>();
    private volatile boolean abortRequested;

    JobRun(
            PortableSession session,
            List<PortableUpdate> updates,
            DownloadType type,
            boolean forced,
            DownloadPriority priority,
            Consumer<DownloadResult> onFinished) {
        this.session = session;
        this.updates = updates;
        this.type = type;
        this.forced = forced;
        this.priority = priority;
        this.onFinished = onFinished;
        List<long[]> sizes = new ArrayList<>();
        for (PortableUpdate u : updates) {
            List<CatalogFile> list = selectFiles(u);
            files.add(list);
            sizes.add(list.stream().mapToLong(CatalogFile::size).toArray());
        }
        this.progress = new JobProgress(sizes);
    }

    private List<CatalogFile> selectFiles(PortableUpdate u) {
        if (u.isInstalled() && !forced) {
            return List.of(); // WUA downloads installed updates only when IsForced
        }
        return type == DownloadType.UpdateBootstrapper ? List.of(u.entry().bootstrapper()) : u.fullFiles();
    }

    JobProgress progress() {
        return progress;
    }

    void abort() {
        abortRequested = true;
        cancelTasks();
    }

    /** Cancels this job's tasks; those that have their outcome already are left as they are. */
    private void cancelTasks() {
        List<TransferTask> copy;
        synchronized (tasks) {
            copy = new ArrayList<>(tasks);
        }
        copy.forEach(TransferTask::cancel);
    }

    @Override
    public void run() {
        try {
            ContentCache cache = session.cache();
            List<TransferRequest> all = new ArrayList<>();
            List<List<TransferRequest>> requests = new ArrayList<>();
            for (int i = 0; i < updates.size(); i++) {
                List<TransferRequest> list = new ArrayList<>();
                for (CatalogFile f : files.get(i)) {
                    list.add(PortableUpdate.request(
                            f, updates.get(i).downloadPriority().value()));
                }
                requests.add(list);
                all.addAll(list);
            }
            if (!checkFreeSpace(cache, all)) {
                return;
            }
            Transferer.Group group = session.transferer().group(filesInFlight(), priority.value());
            List<TransferRequest> batch = new ArrayList<>();
            List<TransferListener> listeners = new ArrayList<>();
            List<FileRef> refs = new ArrayList<>();
            for (int i = 0; i < updates.size(); i++) {
                if (requests.get(i).isEmpty()) {
                    progress.started(i);
                    progress.finish(i, OperationResultCode.Succeeded, HResult.S_OK.code(), null);
                    continue;
                }
                int[] remaining = {requests.get(i).size()};
                for (int j = 0; j < requests.get(i).size(); j++) {
                    batch.add(requests.get(i).get(j));
                    listeners.add(listener(i, j));
                    refs.add(new FileRef(i, j, remaining));
                }
            }
            // one batch: the scheduler orders all of the job's files before the first one starts
            List<TransferTask> submitted = group.submitAll(batch, listeners);
            synchronized (tasks) {
                tasks.addAll(submitted);
            }
            List<CompletableFuture<?>> futures = new ArrayList<>();
            for (int k = 0; k < submitted.size(); k++) {
                futures.add(whenDone(submitted.get(k), batch.get(k), refs.get(k)));
            }
            if (abortRequested) {
                abort();
            }
            CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0]))
                    .handle((v, e) -> null)
                    .join();
        } catch (WuaException e) {
            failAll(e.hresult(), e.getMessage());
        } catch (RuntimeException | Error e) {
            failAll(HResult.WU_E_UNEXPECTED.code(), "unexpected error: " + e);
        } finally {
            // the scheduler outlives the job: a task left by an error must not keep a transfer going for it
            cancelTasks();
            finish();
        }
    }

    /** What the transfer of one file tells this job's progress. */
    private TransferListener listener(int update, int file) {
        return new TransferListener() {
            @Override
            public void phase(DownloadPhase phase) {
                progress.started(update);
                progress.phase(update, file, phase);
            }

            @Override
            public void progressed(long bytesDone) {
                progress.bytes(update, file, bytesDone);
            }

            @Override
            public void retrying(int attempt, Exception cause) {
                progress.retried(update);
            }
        };
    }

    private CompletableFuture<?> whenDone(TransferTask task, TransferRequest request, FileRef ref) {
        return task.result().whenComplete((result, error) -> {
            if (error == null) {
                fileDone(ref.update, ref.file, request, result, ref.remaining);
            } else {
                fileFailed(ref.update, unwrap(error));
            }
        });
    }

    /** A file of the batch: its update, its index there, and the update's count of files not yet done. */
    // remaining is a counter cell shared by the update's files on purpose; a FileRef is never compared
    @SuppressWarnings("ArrayRecordComponent")
    private record FileRef(int update, int file, int[] remaining) {}

    private void fileDone(int update, int file, TransferRequest request, TransferResult r, int[] remaining) {
        progress.fileDone(
                update,
                file,
                new DownloadedFile(
                        request.displayName(),
                        r.path().toAbsolutePath(),
                        r.size(),
                        r.sha256(),
                        r.fromCache(),
                        r.bytesFetched()));
        boolean last;
        synchronized (remaining) {
            last = --remaining[0] == 0;
        }
        if (last) {
            progress.finish(update, OperationResultCode.Succeeded, HResult.S_OK.code(), null);
        }
    }

    private void fileFailed(int update, Throwable error) {
        int hr = error instanceof WuaException w ? w.hresult() : HResult.WU_E_UNEXPECTED.code();
        String message = error instanceof WuaException ? error.getMessage() : "unexpected error: " + error;
        if (abortRequested && hr == HResult.WU_E_CALL_CANCELLED.code()) {
            progress.finish(update, OperationResultCode.Aborted, hr, "the download was aborted");
        } else {
            progress.finish(update, OperationResultCode.Failed, hr, message);
        }
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    private boolean checkFreeSpace(ContentCache cache, List<TransferRequest> all) {
        long missing = cache.missingBytes(all);
        long usable = cache.usableSpace();
        // a saturated sum is more than any disk holds, even one whose store will not say (MAX_VALUE)
        if (missing <= usable && !Sizes.isSaturated(missing)) {
            return true;
        }
        String need = Sizes.isSaturated(missing)
                ? "more than " + Sizes.format(missing)
                : Sizes.formatPrecise(missing) + " more";
        failAll(
                HResult.ERROR_DISK_FULL.code(),
                new WuaException(
                                HResult.ERROR_DISK_FULL,
                                String.format(
                                        "the download needs %s in the cache %s but only %s is free; free some space or choose "
                                                + "another cache directory (--cache)",
                                        need, cache.root(), Sizes.formatPrecise(usable)))
                        .getMessage());
        return false;
    }

    private void failAll(int hresult, String message) {
        for (int i = 0; i < updates.size(); i++) {
            progress.started(i);
            progress.finish(i, OperationResultCode.Failed, hresult, message);
        }
    }

    /** This job's cap on files in flight: the explicit setting, else by the job's Priority. */
    private int filesInFlight() {
        int override = session.options().parallelOverride();
        return override > 0
                ? override
                : switch (priority) {
                    case Low -> 1;
                    case Normal -> 6;
                    case High -> 10;
                    case ExtraHigh -> 16;
                };
    }

    private void finish() {
        for (int i = 0; i < updates.size(); i++) {
            if (!progress.isFinished(i)) {
                if (abortRequested) {
                    progress.finish(
                            i,
                            OperationResultCode.Aborted,
                            HResult.WU_E_CALL_CANCELLED.code(),
                            "the download was aborted");
                } else {
                    progress.finish(
                            i,
                            OperationResultCode.Failed,
                            HResult.WU_E_UNEXPECTED.code(),
                            "the update ended without a result");
                }
            }
        }
        List<UpdateDownloadResult> results = progress.results();
        boolean aborted = results.stream().anyMatch(r -> r.resultCode() == OperationResultCode.Aborted);
        OperationResultCode overall = DownloadResult.overall(results, aborted);
        int hr = switch (overall) {
            case Succeeded, SucceededWithErrors -> HResult.S_OK.code();
            case Aborted -> HResult.WU_E_CALL_CANCELLED.code();
            default -> PortableJobWork.firstFailure(results);
        };
        onFinished.accept(new DownloadResult(hr, overall, results));
    }
}
