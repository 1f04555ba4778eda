package io.github.wudl.wua;

import java.time.Duration;

/**
 * IDownloadJob: a running or finished asynchronous download, as returned by BeginDownload/BeginDownload2.
 *
 * <p>Callback order for one job, as a grammar: {@code progress* completed}; callbacks never overlap.
 * After {@link #cleanUp()} no further callback is made.
 */
public interface DownloadJob {
    /**
     * AsyncState: the very object passed as {@code state} to BeginDownload (same identity; its contents stay
     * mutable; it cannot be replaced). Null after EndDownload released it.
     */
    Object asyncState();

    /** IsCompleted: true once the download has finished (succeeded, failed or aborted). */
    boolean isCompleted();

    /** Updates: a read-only snapshot taken when the job began; Add on it is WU_E_NOT_SUPPORTED. */
    UpdateCollection updates();

    /**
     * CleanUp: waits for the job to finish and releases its callbacks. Returns S_OK, or — when called from
     * inside one of this job's callbacks, where waiting would deadlock — returns at once with
     * WU_S_MARKED_FOR_DISCONNECT and releases the callbacks when that callback returns.
     */
    int cleanUp();

    /** GetProgress: a snapshot of the progress now. */
    DownloadProgress getProgress();

    /**
     * RequestAbort: asks the job to end. It ends promptly; updates not finished end Aborted with
     * WU_E_CALL_CANCELLED, the overall result is Aborted, and partial data stays for a later resume.
     * Completion is still reported through the completed callback and EndDownload.
     */
    void requestAbort();

    /** wudl extension: waits up to {@code timeout} for completion; true if the job is completed. */
    boolean awaitCompletion(Duration timeout) throws InterruptedException;
}
