package io.github.wudl.cli;

import io.github.wudl.wua.DownloadProgress;
import io.github.wudl.wua.UpdateCollection;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * Progress on a terminal: one line redrawn in place —
 * {@code [#######-------]  40%  12.0 MiB / 30.0 MiB  5.1 MiB/s  ETA 4s  2/3 Downloading <title>} — cut to
 * the terminal's current width so it never wraps (a wrapped line cannot be redrawn with a carriage return).
 */
public final class TerminalProgressBar implements ProgressRenderer {
    /** Redraws closer together than this only flicker; the backend reports up to 10 times a second. */
    private static final long MIN_REDRAW_MILLIS = 100;

    private final PrintWriter out;
    private final IntSupplier width;
    private final LongSupplier clockMillis;
    private final AutoCloseable terminal;
    private final RateMeter rate = new RateMeter();
    private long lastDrawAt = Long.MIN_VALUE;
    private boolean drawn;
    private String lastPlace = "";

    /**
     * @param out         the terminal's output
     * @param width       the terminal's width in columns, asked at every redraw (the window may be resized)
     * @param clockMillis a monotonic millisecond clock
     * @param terminal    closed by {@link #close()}, may be null
     */
    public TerminalProgressBar(PrintWriter out, IntSupplier width, LongSupplier clockMillis, AutoCloseable terminal) {
        this.out = out;
        this.width = width;
        this.clockMillis = clockMillis;
        this.terminal = terminal;
        rate.record(clockMillis.getAsLong(), 0);
    }

    @Override
    public synchronized void progress(DownloadProgress p, UpdateCollection updates) {
        long now = clockMillis.getAsLong();
        rate.record(now, p.totalBytesDownloaded());
        // a new update or phase is always shown; mere byte counts wait for the redraw interval
        String place = p.currentUpdateIndex() + "/" + p.currentUpdateDownloadPhase();
        if (drawn && now - lastDrawAt < MIN_REDRAW_MILLIS && place.equals(lastPlace)) {
            return;
        }
        lastPlace = place;
        lastDrawAt = now;
        draw(p, updates);
    }

    @Override
    public synchronized void finish(DownloadProgress last, UpdateCollection updates) {
        rate.record(clockMillis.getAsLong(), last.totalBytesDownloaded());
        draw(last, updates);
        out.print('\n');
        out.flush();
        drawn = false;
    }

    @Override
    public synchronized void clearLine() {
        if (drawn) {
            out.print("\r\u001b[K");
            out.flush();
            drawn = false;
        }
    }

    @Override
    public synchronized void close() {
        if (drawn) {
            out.print('\n');
            out.flush();
            drawn = false;
        }
        if (terminal != null) {
            try {
                terminal.close();
            } catch (Exception ignored) {
                // restoring the terminal is best effort; the download result matters more
            }
        }
    }

    private void draw(DownloadProgress p, UpdateCollection updates) {
        int cols = width.getAsInt();
        String line = render(
                p,
                updates == null ? 0 : updates.count(),
                ProgressRenderer.currentTitle(p, updates),
                rate.bytesPerSecond(),
                cols <= 0 ? 80 : cols);
        // \r back to column 0, then ESC[K clears what a longer previous line left behind
        out.print('\r');
        out.print(line);
        out.print("\u001b[K");
        out.flush();
        drawn = true;
    }

    /** The bar line for {@code columns} (pure; tested). Never longer than {@code columns - 1}. */
    public static String render(DownloadProgress p, int updateCount, String title, double bytesPerSecond, int columns) {
        int percent = ProgressFormat.clampPercent(p.percentComplete());
        String numbers = String.format(
                Locale.ROOT,
                " %3d%%  %s / %s  %s  ETA %s  %d/%d %s",
                percent,
                ProgressFormat.bytes(p.totalBytesDownloaded()),
                ProgressFormat.bytes(p.totalBytesToDownload()),
                ProgressFormat.rate(bytesPerSecond),
                ProgressFormat.eta(ProgressFormat.etaSeconds(p, bytesPerSecond)),
                Math.min(p.currentUpdateIndex() + 1, Math.max(updateCount, 1)),
                updateCount,
                p.currentUpdateDownloadPhase().name());
        int max = Math.max(10, columns - 1); // the last column would make some terminals wrap
        int barCells = Math.max(10, Math.min(30, max / 5));
        int filled = barCells * percent / 100;
        StringBuilder b = new StringBuilder(max + 8);
        b.append('[')
                .append("#".repeat(filled))
                .append("-".repeat(barCells - filled))
                .append(']');
        b.append(numbers);
        int room = max - b.length() - 1;
        if (title != null && room >= 8) {
            b.append(' ').append(ProgressFormat.trim(title, room));
        }
        return b.length() > max ? b.substring(0, max) : b.toString();
    }
}
