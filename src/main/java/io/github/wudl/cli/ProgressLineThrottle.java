package io.github.wudl.cli;

import java.util.function.LongSupplier;

/**
 * Decides when a log (non-terminal) progress line is due: the first snapshot, then whenever 2 s have passed
 * or the overall percentage has advanced 10 points since the last line — whichever comes first (SPEC §4).
 * So a CI log gets at most about eleven lines for the percentages plus one per 2 s, and is never silent for
 * more than 2 s while progress keeps arriving.
 *
 * <p>Pure and clock-injected: {@code clockMillis} is read once per call. Thread-safe.
 */
public final class ProgressLineThrottle {
    /** The longest quiet time between two lines while progress arrives. */
    public static final long DEFAULT_INTERVAL_MILLIS = 2_000;
    /** The percentage advance that is worth a line of its own. */
    public static final int DEFAULT_PERCENT_STEP = 10;

    private final LongSupplier clockMillis;
    private final long intervalMillis;
    private final int percentStep;
    private boolean emitted;
    private long lastAt;
    private int lastPercent;

    public ProgressLineThrottle(LongSupplier clockMillis) {
        this(clockMillis, DEFAULT_INTERVAL_MILLIS, DEFAULT_PERCENT_STEP);
    }

    public ProgressLineThrottle(LongSupplier clockMillis, long intervalMillis, int percentStep) {
        if (intervalMillis <= 0 || percentStep <= 0) {
            throw new IllegalArgumentException("interval and percent step must be positive");
        }
        this.clockMillis = clockMillis;
        this.intervalMillis = intervalMillis;
        this.percentStep = percentStep;
    }

    /** True when a line for a snapshot at {@code percent} is due now; the line then counts as printed. */
    public synchronized boolean shouldEmit(int percent) {
        long now = clockMillis.getAsLong();
        boolean due = !emitted || now - lastAt >= intervalMillis || percent - lastPercent >= percentStep;
        if (due) {
            emitted = true;
            lastAt = now;
            lastPercent = percent;
        }
        return due;
    }

    /** The percentage of the last line let through, or -1 before the first. */
    public synchronized int lastPercent() {
        return emitted ? lastPercent : -1;
    }
}
