package io.github.wudl.wua;

/**
 * IUpdateDownloader with IUpdateDownloaderEx: downloads the content of a collection of updates.
 *
 * <p>Begin methods return at once with a job; the work runs on other threads. Their errors, thrown as
 * {@link WuaException} before any work starts: Updates unset or empty → WU_E_NO_UPDATE; a locked-down
 * downloader → WU_E_INVALID_OPERATION; a null callback → DISP_E_TYPEMISMATCH; a bootstrapper download of an
 * update that has no bootstrapper → WU_E_NOT_SUPPORTED. Download/Download2 are Begin + End.
 */
public interface UpdateDownloader {
    String clientApplicationID();

    void setClientApplicationID(String id);

    /** IsForced: also download updates that are already installed. */
    boolean isForced();

    void setIsForced(boolean forced);

    DownloadPriority priority();

    void setPriority(DownloadPriority priority);

    /** Updates: the collection to download, or null when unset. */
    UpdateCollection updates();

    void setUpdates(UpdateCollection updates);

    DownloadJob beginDownload(
            DownloadProgressChangedCallback onProgressChanged, DownloadCompletedCallback onCompleted, Object state);

    DownloadJob beginDownload2(
            DownloadType downloadType,
            DownloadProgressChangedCallback onProgressChanged,
            DownloadCompletedCallback onCompleted,
            Object state);

    /**
     * EndDownload: waits for the job to finish (from any thread) and returns its result, releasing the job's
     * AsyncState. A second EndDownload on the same job is WU_E_INVALID_OPERATION; a job of another
     * downloader is E_INVALIDARG.
     */
    DownloadResult endDownload(DownloadJob job);

    DownloadResult download();

    DownloadResult download2(DownloadType downloadType);
}
