package io.github.wudl.cli;

import io.github.wudl.wua.Category;
import io.github.wudl.wua.DownloadCompletedCallback;
import io.github.wudl.wua.DownloadCompletedCallbackArgs;
import io.github.wudl.wua.DownloadJob;
import io.github.wudl.wua.DownloadPhase;
import io.github.wudl.wua.DownloadPriority;
import io.github.wudl.wua.DownloadProgress;
import io.github.wudl.wua.DownloadProgressChangedCallback;
import io.github.wudl.wua.DownloadProgressChangedCallbackArgs;
import io.github.wudl.wua.DownloadResult;
import io.github.wudl.wua.DownloadType;
import io.github.wudl.wua.HResult;
import io.github.wudl.wua.InstallationBehavior;
import io.github.wudl.wua.OperationResultCode;
import io.github.wudl.wua.SearchResult;
import io.github.wudl.wua.Update;
import io.github.wudl.wua.UpdateCollection;
import io.github.wudl.wua.UpdateDownloadContent;
import io.github.wudl.wua.UpdateDownloadResult;
import io.github.wudl.wua.UpdateDownloader;
import io.github.wudl.wua.UpdateIdentity;
import io.github.wudl.wua.UpdateSearcher;
import io.github.wudl.wua.UpdateSession;
import io.github.wudl.wua.UpdateType;
import io.github.wudl.wua.WebProxy;
import io.github.wudl.wua.WuaException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * A scripted in-memory backend for testing the command line's flow without the portable backend: searches
 * filter on IsInstalled, a job reports a few progress snapshots per update and ends with results the test
 * chose. {@code hangUntilAbort} makes a job wait for RequestAbort, for timeout tests.
 */
final class FakeBackend {
    record FakeUpdate(String id, String title, String kb, long size, boolean installed, boolean hasBootstrapper)
            implements Update {
        @Override
        public UpdateIdentity identity() {
            return new UpdateIdentity(id, 1);
        }

        @Override
        public List<String> kbArticleIDs() {
            return List.of(kb);
        }

        @Override
        public String description() {
            return "";
        }

        @Override
        public UpdateType type() {
            return UpdateType.Software;
        }

        @Override
        public List<Category> categories() {
            return List.of(new Category("c", "Updates"));
        }

        @Override
        public boolean isDownloaded() {
            return false;
        }

        @Override
        public boolean isInstalled() {
            return installed;
        }

        @Override
        public boolean isHidden() {
            return false;
        }

        @Override
        public void setIsHidden(boolean hidden) {}

        @Override
        public boolean browseOnly() {
            return false;
        }

        @Override
        public boolean eulaAccepted() {
            return true;
        }

        @Override
        public void acceptEula() {}

        @Override
        public boolean isMandatory() {
            return false;
        }

        @Override
        public boolean isBeta() {
            return false;
        }

        @Override
        public String msrcSeverity() {
            return "";
        }

        @Override
        public String supportUrl() {
            return "";
        }

        @Override
        public Instant lastDeploymentChangeTime() {
            return null;
        }

        @Override
        public InstallationBehavior installationBehavior() {
            return InstallationBehavior.DEFAULT;
        }

        @Override
        public long maxDownloadSize() {
            return size;
        }

        @Override
        public long minDownloadSize() {
            return size;
        }

        @Override
        public DownloadPriority downloadPriority() {
            return DownloadPriority.Normal;
        }

        @Override
        public List<UpdateDownloadContent> downloadContents() {
            return List.of();
        }

        @Override
        public UpdateCollection bundledUpdates() {
            return UpdateCollection.readOnlySnapshot(List.of());
        }
    }

    final List<FakeUpdate> updates;
    /** The final result of update i. */
    final IntFunction<UpdateDownloadResult> results;

    volatile boolean hangUntilAbort;
    volatile DownloadPriority priorityUsed;
    volatile DownloadType typeUsed;

    FakeBackend(List<FakeUpdate> updates, IntFunction<UpdateDownloadResult> results) {
        this.updates = updates;
        this.results = results;
    }

    io.github.wudl.backend.Backend opener() {
        return (catalog, settings) -> {
            if (catalog.contains("malformed")) {
                throw new WuaException(HResult.E_INVALIDARG, catalog + ": $.updates[0].id: 'x' is not a GUID");
            }
            return new Session();
        };
    }

    final class Session implements UpdateSession {
        @Override
        public String clientApplicationID() {
            return "test";
        }

        @Override
        public void setClientApplicationID(String id) {}

        @Override
        public boolean readOnly() {
            return false;
        }

        @Override
        public WebProxy webProxy() {
            return WebProxy.SYSTEM;
        }

        @Override
        public void setWebProxy(WebProxy proxy) {}

        @Override
        public void lockDown() {}

        @Override
        public UpdateSearcher createUpdateSearcher() {
            return new UpdateSearcher() {
                @Override
                public String clientApplicationID() {
                    return "test";
                }

                @Override
                public void setClientApplicationID(String id) {}

                @Override
                public SearchResult search(String criteria) {
                    boolean installed;
                    if (criteria.equals("IsInstalled=0")) {
                        installed = false;
                    } else if (criteria.equals("IsInstalled=1")) {
                        installed = true;
                    } else {
                        throw new WuaException(HResult.E_INVALIDARG, "unsupported search term '" + criteria + "'");
                    }
                    List<Update> found = new ArrayList<>();
                    updates.stream().filter(u -> u.installed() == installed).forEach(found::add);
                    return new SearchResult(OperationResultCode.Succeeded, UpdateCollection.readOnlySnapshot(found));
                }
            };
        }

        @Override
        public UpdateDownloader createUpdateDownloader() {
            return new Downloader();
        }
    }

    final class Downloader implements UpdateDownloader {
        private UpdateCollection selected;
        private DownloadPriority priority = DownloadPriority.Normal;

        @Override
        public String clientApplicationID() {
            return "test";
        }

        @Override
        public void setClientApplicationID(String id) {}

        @Override
        public boolean isForced() {
            return true;
        }

        @Override
        public void setIsForced(boolean forced) {}

        @Override
        public DownloadPriority priority() {
            return priority;
        }

        @Override
        public void setPriority(DownloadPriority p) {
            priority = p;
        }

        @Override
        public UpdateCollection updates() {
            return selected;
        }

        @Override
        public void setUpdates(UpdateCollection u) {
            selected = u;
        }

        @Override
        public DownloadJob beginDownload(DownloadProgressChangedCallback p, DownloadCompletedCallback c, Object s) {
            return beginDownload2(DownloadType.Full, p, c, s);
        }

        @Override
        public DownloadJob beginDownload2(
                DownloadType type,
                DownloadProgressChangedCallback onProgress,
                DownloadCompletedCallback onCompleted,
                Object state) {
            if (type == DownloadType.UpdateBootstrapper) {
                for (Update u : selected) {
                    if (!((FakeUpdate) u).hasBootstrapper()) {
                        throw new WuaException(
                                HResult.WU_E_NOT_SUPPORTED,
                                "update " + u.identity().updateID() + " has no bootstrapper; use --type full");
                    }
                }
            }
            priorityUsed = priority;
            typeUsed = type;
            Job job = new Job(selected.readOnlySnapshot());
            Thread t = new Thread(() -> job.work(onProgress, onCompleted), "fake-download");
            t.setDaemon(true);
            t.start();
            return job;
        }

        @Override
        public DownloadResult endDownload(DownloadJob job) {
            try {
                job.awaitCompletion(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ((Job) job).result;
        }

        @Override
        public DownloadResult download() {
            throw new UnsupportedOperationException();
        }

        @Override
        public DownloadResult download2(DownloadType t) {
            throw new UnsupportedOperationException();
        }
    }

    final class Job implements DownloadJob {
        private final UpdateCollection jobUpdates;
        private final CountDownLatch done = new CountDownLatch(1);
        private final CountDownLatch abort = new CountDownLatch(1);
        private volatile DownloadProgress progress;
        volatile DownloadResult result;

        Job(UpdateCollection updates) {
            this.jobUpdates = updates;
            long total =
                    updates.toList().stream().mapToLong(Update::maxDownloadSize).sum();
            progress =
                    new DownloadProgress(0, DownloadPhase.Initializing, 0, 0, 0, 0, 0, total, pending(updates.count()));
        }

        void work(DownloadProgressChangedCallback onProgress, DownloadCompletedCallback onCompleted) {
            int n = jobUpdates.count();
            long total = progress.totalBytesToDownload();
            long doneBytes = 0;
            boolean aborted = false;
            List<UpdateDownloadResult> res = new ArrayList<>(pending(n));
            for (int i = 0; i < n && !aborted; i++) {
                long size = jobUpdates.item(i).maxDownloadSize();
                for (int step = 1; step <= 4; step++) {
                    long now = doneBytes + size * step / 4;
                    progress = new DownloadProgress(
                            i,
                            DownloadPhase.Downloading,
                            size * step / 4,
                            size,
                            step * 25,
                            (int) (total == 0 ? 100 : now * 100 / total),
                            now,
                            total,
                            res);
                    onProgress.invoke(this, new DownloadProgressChangedCallbackArgs(progress));
                }
                if (hangUntilAbort) {
                    try {
                        abort.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    aborted = true;
                    break;
                }
                res.set(i, results.apply(i));
                doneBytes += size;
            }
            for (int i = 0; i < n; i++) {
                if (res.get(i).resultCode() == OperationResultCode.NotStarted
                        || res.get(i).resultCode() == OperationResultCode.InProgress) {
                    res.set(
                            i,
                            UpdateDownloadResult.of(HResult.WU_E_CALL_CANCELLED.code(), OperationResultCode.Aborted));
                }
            }
            OperationResultCode overall = DownloadResult.overall(res, aborted);
            int hr = overall == OperationResultCode.Succeeded || overall == OperationResultCode.SucceededWithErrors
                    ? 0
                    : res.stream()
                            .filter(r -> r.hResult() != 0)
                            .findFirst()
                            .map(UpdateDownloadResult::hResult)
                            .orElse(0);
            result = new DownloadResult(hr, overall, res);
            progress = new DownloadProgress(
                    Math.max(0, n - 1),
                    DownloadPhase.Verifying,
                    0,
                    0,
                    100,
                    aborted ? progress.percentComplete() : 100,
                    aborted ? progress.totalBytesDownloaded() : total,
                    total,
                    res);
            done.countDown();
            onCompleted.invoke(this, DownloadCompletedCallbackArgs.INSTANCE);
        }

        private List<UpdateDownloadResult> pending(int n) {
            List<UpdateDownloadResult> l = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                l.add(UpdateDownloadResult.of(0, OperationResultCode.InProgress));
            }
            return l;
        }

        @Override
        public Object asyncState() {
            return null;
        }

        @Override
        public boolean isCompleted() {
            return done.getCount() == 0;
        }

        @Override
        public UpdateCollection updates() {
            return jobUpdates;
        }

        @Override
        public int cleanUp() {
            return 0;
        }

        @Override
        public DownloadProgress getProgress() {
            return progress;
        }

        @Override
        public void requestAbort() {
            abort.countDown();
        }

        @Override
        public boolean awaitCompletion(Duration timeout) throws InterruptedException {
            return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
