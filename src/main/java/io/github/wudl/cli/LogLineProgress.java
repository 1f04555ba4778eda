package io.github.wudl.cli;

import io.github.wudl.wua.DownloadProgress;
import io.github.wudl.wua.UpdateCollection;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Progress for logs and pipes (CI, Jenkins): one {@link ProgressFormat#logLine line} when
 * {@link ProgressLineThrottle} says one is due, plus a final line when the job completes. Never uses
 * carriage returns or escape sequences.
 *
 * <p>Pure apart from the sink: the clock is injected, so tests replay a download with a fake clock.
 */
public final class LogLineProgress implements ProgressRenderer {
    private final Consumer<String> sink;
    private final LongSupplier clockMillis;
    private final ProgressLineThrottle throttle;
    private final RateMeter rate = new RateMeter();
    private String lastKey;

    /**
     * @param sink        receives each line, without line terminator
     * @param clockMillis a monotonic millisecond clock
     */
    public LogLineProgress(Consumer<String> sink, LongSupplier clockMillis) {
        this.sink = Objects.requireNonNull(sink);
        this.clockMillis = Objects.requireNonNull(clockMillis);
        this.throttle = new ProgressLineThrottle(clockMillis);
        // the job starts now: the first snapshot then already yields a rate
        rate.record(clockMillis.getAsLong(), 0);
    }

    @Override
    public synchronized void progress(DownloadProgress p, UpdateCollection updates) {
        rate.record(clockMillis.getAsLong(), p.totalBytesDownloaded());
        if (throttle.shouldEmit(p.percentComplete())) {
            emit(p, updates);
        }
    }

    @Override
    public synchronized void finish(DownloadProgress last, UpdateCollection updates) {
        rate.record(clockMillis.getAsLong(), last.totalBytesDownloaded());
        // the final state always gets its line, but not twice when the last throttled line already showed it
        if (!key(last).equals(lastKey)) {
            emit(last, updates);
        }
    }

    private void emit(DownloadProgress p, UpdateCollection updates) {
        lastKey = key(p);
        int count = updates == null ? 0 : updates.count();
        sink.accept(ProgressFormat.logLine(p, count, ProgressRenderer.currentTitle(p, updates), rate.bytesPerSecond()));
    }

    private static String key(DownloadProgress p) {
        return p.percentComplete() + "/" + p.totalBytesDownloaded() + "/" + p.currentUpdateIndex() + "/"
                + p.currentUpdateDownloadPhase();
    }
}
