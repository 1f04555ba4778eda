package io.github.wudl.portable;

import io.github.wudl.job.CoreDownloadJob;
import io.github.wudl.job.CoreDownloader;
import io.github.wudl.job.JobWork;
import io.github.wudl.wua.DownloadType;
import io.github.wudl.wua.HResult;
import io.github.wudl.wua.Update;
import io.github.wudl.wua.WuaException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The portable UpdateDownloader: the shared {@link CoreDownloader} with the portable answers, updates found
 * by this backend's searchers, and a {@link PortableJobWork} per job.
 */
final class PortableDownloader extends CoreDownloader {
    private final PortableSession session;

    PortableDownloader(PortableSession session) {
        super(session.clientApplicationID());
        this.session = session;
    }

    @Override
    protected boolean lockedDown() {
        return session.readOnly();
    }

    @Override
    protected void checkUpdate(int index, Update u, DownloadType type) {
        if (!(u instanceof PortableUpdate pu)) {
            throw new WuaException(
                    HResult.E_INVALIDARG,
                    "Updates[" + index + "] (" + u
                            + ") does not come from this backend; add updates found by this session's searcher");
        }
        if (type == DownloadType.UpdateBootstrapper && !pu.hasBootstrapper()) {
            throw new WuaException(
                    HResult.WU_E_NOT_SUPPORTED,
                    "Updates[" + index + "] '" + pu.title()
                            + "' has no bootstrapper; download it with DownloadType Full, or remove it from the collection");
        }
    }

    @Override
    protected JobWork start(CoreDownloadJob job, DownloadType type, List<Update> updates) {
        List<PortableUpdate> snapshot = new ArrayList<>();
        for (Update u : updates) {
            snapshot.add((PortableUpdate) u); // checkUpdate let only these through
        }
        PortableJobWork work = new PortableJobWork(
                session, job, snapshot, type == null ? DownloadType.Full : type, isForced(), priority());
        work.start();
        return work;
    }

    @Override
    protected BiConsumer<String, Throwable> callbackErrorReporter() {
        return session.options().callbackErrorReporter();
    }
}
