package io.github.wudl.job;

import io.github.wudl.wua.DownloadCompletedCallback;
import io.github.wudl.wua.DownloadJob;
import io.github.wudl.wua.DownloadProgressChangedCallback;
import io.github.wudl.wua.DownloadResult;
import io.github.wudl.wua.DownloadType;
import io.github.wudl.wua.DownloaderSettings;
import io.github.wudl.wua.HResult;
import io.github.wudl.wua.Update;
import io.github.wudl.wua.UpdateCollection;
import io.github.wudl.wua.WuaException;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The IUpdateDownloader of every backend: WUA's argument checks, the ownership check of EndDownload, and
 * Download/Download2 as Begin + End, held once. A backend says only whether its session is locked down, whether
 * an update is one it can download ({@link #checkUpdate}), and how a job's work starts ({@link #start}).
 *
 * <p>The checks, in this order, each thrown as a {@link WuaException} from the Begin call before any work:
 * <ol>
 * <li>the arguments, in parameter order, as IDispatch checks them before the method runs: a null
 *     {@code downloadType} (BeginDownload2) → E_INVALIDARG; a null {@code onProgressChanged} or
 *     {@code onCompleted} → DISP_E_TYPEMISMATCH, saying what to pass;</li>
 * <li>the downloader's state: a locked-down session → WU_E_INVALID_OPERATION; Updates unset or empty →
 *     WU_E_NO_UPDATE;</li>
 * <li>each update, in collection order: another backend's → E_INVALIDARG; a bootstrapper download of one
 *     without a bootstrapper → WU_E_NOT_SUPPORTED ({@link #checkUpdate}).</li>
 * </ol>
 * The job's Updates is a read-only snapshot taken then. EndDownload with a job another downloader began is
 * E_INVALIDARG.
 */
public abstract class CoreDownloader extends DownloaderSettings {
    protected CoreDownloader(String clientApplicationID) {
        super(clientApplicationID);
    }

    /** Whether the session is locked down (ReadOnly), where WUA refuses downloads. */
    protected abstract boolean lockedDown();

    /**
     * Throws E_INVALIDARG when {@code update} is not this backend's, WU_E_NOT_SUPPORTED when {@code type} is
     * UpdateBootstrapper and it has none.
     *
     * @param index its place in Updates, for the message
     */
    protected abstract void checkUpdate(int index, Update update, DownloadType type);

    /**
     * Starts the work of {@code job} and returns it; the job is attached to it once this returns. The work
     * reports to the job from its own threads.
     *
     * @param type null for BeginDownload (which the COM backend must call as such), else BeginDownload2's
     * @throws WuaException when the work cannot start; the job is then abandoned
     */
    protected abstract JobWork start(CoreDownloadJob job, DownloadType type, List<Update> updates);

    /** Told of every exception a callback throws; the download goes on. */
    protected abstract BiConsumer<String, Throwable> callbackErrorReporter();

    @Override
    public final DownloadJob beginDownload(
            DownloadProgressChangedCallback onProgressChanged, DownloadCompletedCallback onCompleted, Object state) {
        return begin(null, onProgressChanged, onCompleted, state);
    }

    @Override
    public final DownloadJob beginDownload2(
            DownloadType downloadType,
            DownloadProgressChangedCallback onProgressChanged,
            DownloadCompletedCallback onCompleted,
            Object state) {
        if (downloadType == null) {
            throw new WuaException(
                    HResult.E_INVALIDARG, "downloadType cannot be null; pass Full or UpdateBootstrapper");
        }
        return begin(downloadType, onProgressChanged, onCompleted, state);
    }

    private DownloadJob begin(
            DownloadType type,
            DownloadProgressChangedCallback onProgressChanged,
            DownloadCompletedCallback onCompleted,
            Object state) {
        if (onProgressChanged == null) {
            throw new WuaException(
                    HResult.DISP_E_TYPEMISMATCH,
                    "onProgressChanged is null; pass a callback (a"
                            + " function or an object with Invoke), even one that does nothing");
        }
        if (onCompleted == null) {
            throw new WuaException(
                    HResult.DISP_E_TYPEMISMATCH,
                    "onCompleted is null; pass a callback (a function"
                            + " or an object with Invoke), even one that does nothing");
        }
        if (lockedDown()) {
            throw new WuaException(
                    HResult.WU_E_INVALID_OPERATION,
                    "the session is locked down (ReadOnly); create a new session to download");
        }
        UpdateCollection current = updates();
        UpdateCollection snapshot = current == null ? null : current.readOnlySnapshot();
        if (snapshot == null || snapshot.count() == 0) {
            throw new WuaException(
                    HResult.WU_E_NO_UPDATE,
                    snapshot == null
                            ? "the downloader's Updates is not set; assign the collection to download first"
                            : "the downloader's Updates is empty; add at least one update");
        }
        List<Update> list = snapshot.toList();
        DownloadType effective = type == null ? DownloadType.Full : type;
        for (int i = 0; i < list.size(); i++) {
            checkUpdate(i, list.get(i), effective);
        }
        CoreDownloadJob job =
                new CoreDownloadJob(this, snapshot, onProgressChanged, onCompleted, state, callbackErrorReporter());
        JobWork work;
        try {
            work = start(job, type, list);
        } catch (RuntimeException | Error e) {
            job.abandon();
            throw e;
        }
        job.attach(work);
        return job;
    }

    @Override
    public final DownloadResult endDownload(DownloadJob job) {
        if (!(job instanceof CoreDownloadJob j) || j.owner() != this) {
            throw new WuaException(
                    HResult.E_INVALIDARG,
                    "EndDownload was given a job this downloader did not"
                            + " begin; pass the job its own BeginDownload or BeginDownload2 returned");
        }
        return j.end();
    }

    @Override
    public final DownloadResult download() {
        return endDownload(beginDownload((j, a) -> {}, (j, a) -> {}, null));
    }

    @Override
    public final DownloadResult download2(DownloadType downloadType) {
        return endDownload(beginDownload2(downloadType, (j, a) -> {}, (j, a) -> {}, null));
    }
}
