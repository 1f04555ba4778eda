package io.github.wudl.cli;

import io.github.wudl.wua.DownloadProgress;
import io.github.wudl.wua.UpdateCollection;

/**
 * Shows the progress of one download job. Fed from the job's progress callback (never concurrently, per the
 * WUA callback rules) and finished once from the waiting thread after the completed callback.
 *
 * <p>Order: {@code progress* finish close}. Implementations must not throw from {@link #progress}: the
 * backend would report the exception and carry on, but the user would lose the view.
 */
public interface ProgressRenderer extends AutoCloseable {
    /** A new snapshot of the job; {@code updates} is the job's Updates (index matches the snapshot's). */
    void progress(DownloadProgress snapshot, UpdateCollection updates);

    /** The job is completed; {@code last} is its final snapshot. Leaves the output at the start of a line. */
    void finish(DownloadProgress last, UpdateCollection updates);

    /**
     * Clears the live line, if any, so a message printed next starts at column 0 instead of after the bar;
     * the next snapshot draws the bar again. Called from other threads (abort notices).
     */
    default void clearLine() {}

    /** Releases the terminal, if any. */
    @Override
    default void close() {}

    /** A renderer that shows nothing ({@code --quiet}). */
    ProgressRenderer NONE = new ProgressRenderer() {
        @Override
        public void progress(DownloadProgress snapshot, UpdateCollection updates) {}

        @Override
        public void finish(DownloadProgress last, UpdateCollection updates) {}
    };

    /** The title of the snapshot's current update, or null when the index is outside the collection. */
    static String currentTitle(DownloadProgress p, UpdateCollection updates) {
        int i = p.currentUpdateIndex();
        return updates != null && i >= 0 && i < updates.count()
                ? updates.item(i).title()
                : null;
    }
}
