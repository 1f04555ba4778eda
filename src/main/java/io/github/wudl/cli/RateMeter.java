package io.github.wudl.cli;

import java.util.ArrayDeque;

/**
 * Transfer rate over a sliding window of recent samples. Pure: the caller passes the time of each sample,
 * so tests drive it with a fake clock.
 *
 * <p>A window (default 5 s) rather than the average since the start, so the ETA follows a link that speeds
 * up or slows down, and a burst of cache hits at the start does not inflate the rate for the whole run.
 */
public final class RateMeter {
    private record Sample(long atMillis, long bytes) {}

    private final long windowMillis;
    private final ArrayDeque<Sample> samples = new ArrayDeque<>();

    public RateMeter() {
        this(5_000);
    }

    public RateMeter(long windowMillis) {
        if (windowMillis <= 0) {
            throw new IllegalArgumentException("windowMillis must be positive");
        }
        this.windowMillis = windowMillis;
    }

    /** Records that {@code totalBytes} had been transferred at {@code atMillis}. */
    public synchronized void record(long atMillis, long totalBytes) {
        Sample last = samples.peekLast();
        if (last != null && (totalBytes < last.bytes || atMillis < last.atMillis)) {
            samples.clear(); // a new job or a clock jump: old samples would give a nonsense rate
        }
        samples.addLast(new Sample(atMillis, totalBytes));
        // keep one sample older than the window so the window is always fully covered
        while (samples.size() > 2 && atMillis - secondOldest().atMillis >= windowMillis) {
            samples.removeFirst();
        }
    }

    /** Bytes per second over the window; NaN until two samples with different times exist. */
    public synchronized double bytesPerSecond() {
        if (samples.size() < 2) {
            return Double.NaN;
        }
        Sample first = samples.peekFirst();
        Sample last = samples.peekLast();
        long dt = last.atMillis - first.atMillis;
        return dt <= 0 ? Double.NaN : (last.bytes - first.bytes) * 1000.0 / dt;
    }

    private Sample secondOldest() {
        var it = samples.iterator();
        it.next();
        return it.next();
    }
}
