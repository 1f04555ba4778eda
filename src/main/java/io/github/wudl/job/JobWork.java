package io.github.wudl.job;

import io.github.wudl.wua.DownloadProgress;
import io.github.wudl.wua.DownloadResult;

/**
 * What a backend supplies for one job: the work itself, as seen by the {@link CoreDownloadJob} that holds WUA's
 * rules around it. The backend reports back through the job: {@link CoreDownloadJob#progressed},
 * {@link CoreDownloadJob#progressDue} and, exactly once, {@link CoreDownloadJob#completed}.
 *
 * <p>Threads: {@link #progress()}, {@link #requestAbort()} and {@link #completedWithoutNotice()} may be called
 * from any thread, also from inside the job's callbacks; {@link #result()} once, by EndDownload, after the job
 * completed; {@link #cleanUp()} at most once, after the job completed and its last callback ran;
 * {@link #released()} once, when the backend's callback objects are no longer needed. None is called while
 * the core holds a lock.
 */
public interface JobWork {
    /** GetProgress: a snapshot now. */
    DownloadProgress progress();

    /** RequestAbort: asks the work to end promptly; it still completes through {@link CoreDownloadJob#completed}. */
    void requestAbort();

    /** EndDownload's result, once the job completed. */
    DownloadResult result();

    /**
     * Whether the work has ended although it never said so (WUA's IsCompleted when its completed callback is
     * lost, wua-reference §3.2). The core asks while it waits, every few seconds, and then completes the job
     * itself. Default: false, for work that always reports its end.
     */
    default boolean completedWithoutNotice() {
        return false;
    }

    /** CleanUp's part of the backend once the job is over (WUA's own CleanUp). Default: nothing. */
    default void cleanUp() {}

    /**
     * The backend's own callback objects are no longer needed: EndDownload (the work has ended; the core may
     * still deliver the completed callback it already holds), CleanUp, or a failed start. Once. Default: nothing.
     */
    default void released() {}
}
