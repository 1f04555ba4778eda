package io.github.wudl.wua;

/**
 * The members of IUpdateDownloader that are plain settings — ClientApplicationID, IsForced, Priority and
 * Updates — held the same way by every backend: thread-safe (volatile), ClientApplicationID as
 * {@link ClientIdentified} holds it (null read as ""), a null Priority refused with E_INVALIDARG. A backend's
 * downloader extends this and adds the downloads.
 */
public abstract class DownloaderSettings extends ClientIdentified implements UpdateDownloader {
    private volatile boolean forced;
    private volatile DownloadPriority priority = DownloadPriority.Normal;
    private volatile UpdateCollection updates;

    /** @param clientApplicationID the starting value (WUA: the session's), null for "" */
    protected DownloaderSettings(String clientApplicationID) {
        super(clientApplicationID);
    }

    @Override
    public boolean isForced() {
        return forced;
    }

    @Override
    public void setIsForced(boolean forced) {
        this.forced = forced;
    }

    @Override
    public DownloadPriority priority() {
        return priority;
    }

    @Override
    public void setPriority(DownloadPriority priority) {
        if (priority == null) {
            throw new WuaException(HResult.E_INVALIDARG, "Priority cannot be null; use Low, Normal, High or ExtraHigh");
        }
        this.priority = priority;
    }

    @Override
    public UpdateCollection updates() {
        return updates;
    }

    @Override
    public void setUpdates(UpdateCollection updates) {
        this.updates = updates;
    }
}
