package io.github.wudl.cli;

import io.github.wudl.wua.DownloadProgress;
import io.github.wudl.wua.Sizes;
import java.util.Locale;

/**
 * The text helpers of the command line's output: byte counts (as {@link Sizes#format} writes them), rates,
 * ETAs, durations, trimmed titles, and the line that non-terminal progress prints (SPEC §4; {@link
 * LogLineProgress} decides when). The terminal bar, the log lines, the summary table, the search listing and
 * the {@code --timeout} notice all use them, so they print the same numbers; a Jenkins step's build log shows
 * the same lines because its agent runs this command line with {@code WUDL_PROGRESS=log}.
 *
 * <p>Everything here is a function of its arguments (no clock, no I/O).
 */
public final class ProgressFormat {
    private ProgressFormat() {}

    /** {@code 512 B}, {@code 12.0 MiB}: {@link Sizes#format}. */
    public static String bytes(long n) {
        return Sizes.format(n);
    }

    /** {@code 5.1 MiB/s}; unknown (NaN, negative, infinite) → {@code -- B/s}. */
    public static String rate(double bytesPerSecond) {
        if (!known(bytesPerSecond)) {
            return "-- B/s";
        }
        return bytes(Math.round(bytesPerSecond)) + "/s";
    }

    /** {@code 4s}, {@code 2m05s}, {@code 1h02m}; unknown or absurd (over 99 h) → {@code --}. */
    public static String eta(double seconds) {
        if (!known(seconds) || seconds > 99 * 3600) {
            return "--";
        }
        long s = (long) Math.ceil(seconds);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }

    /** Seconds left at {@code bytesPerSecond} for the rest of the snapshot's bytes; NaN when unknown. */
    public static double etaSeconds(DownloadProgress p, double bytesPerSecond) {
        long left = p.totalBytesToDownload() - p.totalBytesDownloaded();
        if (left <= 0) {
            return 0;
        }
        return known(bytesPerSecond) && bytesPerSecond > 0 ? left / bytesPerSecond : Double.NaN;
    }

    /** A duration for people: {@code 850 ms}, {@code 4.2 s}, {@code 2m05s}. */
    public static String duration(long millis) {
        if (millis < 1000) {
            return Math.max(0, millis) + " ms";
        }
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        return eta(millis / 1000.0);
    }

    /**
     * {@code s} cut to at most {@code max} characters, ending in {@code ...} when cut; control characters
     * become spaces so a catalog title can never move the cursor or break a log line.
     */
    public static String trim(String s, int max) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(Math.min(s.length(), max));
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(Character.isISOControl(c) ? ' ' : c);
        }
        String clean = b.toString().strip();
        if (clean.length() <= max) {
            return clean;
        }
        if (max <= 3) {
            return clean.substring(0, Math.max(0, max));
        }
        return clean.substring(0, max - 3) + "...";
    }

    /**
     * The non-terminal progress line of SPEC §4, e.g.
     * {@code [ 40%] 12.0 MiB / 30.0 MiB  5.1 MiB/s  ETA 4s  update 2/3 Downloading: <title>}.
     *
     * @param p              the snapshot
     * @param updateCount    how many updates the job has
     * @param currentTitle   the title of update {@code p.currentUpdateIndex()}, or null
     * @param bytesPerSecond the recent rate, NaN when unknown
     */
    public static String logLine(DownloadProgress p, int updateCount, String currentTitle, double bytesPerSecond) {
        StringBuilder b = new StringBuilder(160);
        b.append(String.format(Locale.ROOT, "[%3d%%] ", clampPercent(p.percentComplete())));
        b.append(bytes(p.totalBytesDownloaded())).append(" / ").append(bytes(p.totalBytesToDownload()));
        b.append("  ").append(rate(bytesPerSecond));
        b.append("  ETA ").append(eta(etaSeconds(p, bytesPerSecond)));
        b.append("  update ")
                .append(Math.min(p.currentUpdateIndex() + 1, Math.max(updateCount, 1)))
                .append('/')
                .append(updateCount);
        b.append(' ').append(p.currentUpdateDownloadPhase().name());
        String title = trim(currentTitle, 80);
        if (!title.isEmpty()) {
            b.append(": ").append(title);
        }
        return b.toString();
    }

    static int clampPercent(int percent) {
        return Math.max(0, Math.min(100, percent));
    }

    private static boolean known(double v) {
        return !Double.isNaN(v) && !Double.isInfinite(v) && v >= 0;
    }
}
