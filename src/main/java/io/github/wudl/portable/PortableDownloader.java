package io.github.wudl.portable;

import io.github.wudl.wua.DownloadCompletedCallback;
import io.github.wudl.wua.DownloadJob;
import io.github.wudl.wua.DownloaderSettings;
import io.github.wudl.wua.DownloadProgressChangedCallback;
import io.github.wudl.wua.DownloadResult;
import io.github.wudl.wua.DownloadType;
import io.github.wudl.wua.HResult;
import io.github.wudl.wua.Update;
import io.github.wudl.wua.UpdateCollection;
import io.github.wudl.wua.UpdateDownloader;
import io.github.wudl.wua.WuaException;
import java.util.ArrayList;
import java.util.List;

/**
 * The portable UpdateDownloader. Begin methods check their arguments on the caller's thread (so errors are
 * thrown, as WUA returns them from the call) and hand everything else to a {@link PortableDownloadJob}.
 */
final class PortableDownloader extends DownloaderSettings {
    private final PortableSession session;

    PortableDownloader(PortableSession session) {
        super(session.clientApplicationID());
        this.session = session;
    }

    @Override
    public DownloadJob beginDownload(DownloadProgressChangedCallback onProgressChanged,
                                     DownloadCompletedCallback onCompleted, Object state) {
        return beginDownload2(DownloadType.Full, onProgressChanged, onCompleted, state);
    }

    @Override
    public DownloadJob beginDownload2(DownloadType downloadType, DownloadProgressChangedCallback onProgressChanged,
                                      DownloadCompletedCallback onCompleted, Object state) {
        if (session.readOnly()) {
            throw new WuaException(HResult.WU_E_INVALID_OPERATION,
                    "the session is locked down (ReadOnly); create a new session to download");
        }
        if (downloadType == null) {
            throw new WuaException(HResult.E_INVALIDARG, "downloadType cannot be null; pass Full or UpdateBootstrapper");
        }
        UpdateCollection current = updates();
        if (current == null || current.count() == 0) {
            throw new WuaException(HResult.WU_E_NO_UPDATE,
                    current == null ? "the downloader's Updates is not set; assign the collection to download first"
                            : "the downloader's Updates is empty; add at least one update");
        }
        if (onProgressChanged == null) {
            throw new WuaException(HResult.DISP_E_TYPEMISMATCH,
                    "onProgressChanged is null; pass a callback (a function or an object with Invoke), even one that does nothing");
        }
        if (onCompleted == null) {
            throw new WuaException(HResult.DISP_E_TYPEMISMATCH,
                    "onCompleted is null; pass a callback (a function or an object with Invoke), even one that does nothing");
        }
        List<PortableUpdate> snapshot = new ArrayList<>();
        int index = 0;
        for (Update u : current) {
            if (!(u instanceof PortableUpdate pu)) {
                throw new WuaException(HResult.E_INVALIDARG, "Updates[" + index + "] (" + u
                        + ") does not come from this backend; add updates found by this session's searcher");
            }
            if (downloadType == DownloadType.UpdateBootstrapper && !pu.hasBootstrapper()) {
                throw new WuaException(HResult.WU_E_NOT_SUPPORTED, "Updates[" + index + "] '" + pu.title()
                        + "' has no bootstrapper; download it with DownloadType Full, or remove it from the collection");
            }
            snapshot.add(pu);
            index++;
        }
        PortableDownloadJob job = new PortableDownloadJob(session, this, snapshot, downloadType, isForced(), priority(),
                onProgressChanged, onCompleted, state);
        job.start();
        return job;
    }

    @Override
    public DownloadResult endDownload(DownloadJob job) {
        if (!(job instanceof PortableDownloadJob pj)) {
            throw new WuaException(HResult.E_INVALIDARG,
                    "pass a job returned by BeginDownload or BeginDownload2 of the portable backend");
        }
        return pj.end();
    }

    @Override
    public DownloadResult download() {
        return download2(DownloadType.Full);
    }

    @Override
    public DownloadResult download2(DownloadType downloadType) {
        DownloadJob job = beginDownload2(downloadType, (j, a) -> { }, (j, a) -> { }, null);
        return endDownload(job);
    }
}
