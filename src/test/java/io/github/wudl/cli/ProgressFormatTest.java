package io.github.wudl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wudl.wua.DownloadPhase;
import io.github.wudl.wua.DownloadProgress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ProgressFormatTest {
    @Test
    void bytesInBinaryUnits() {
        assertEquals("0 B", ProgressFormat.bytes(0));
        assertEquals("1023 B", ProgressFormat.bytes(1023));
        assertEquals("1.0 KiB", ProgressFormat.bytes(1024));
        assertEquals("12.0 MiB", ProgressFormat.bytes(12L << 20));
        assertEquals("1.0 MiB", ProgressFormat.bytes((1L << 20) - 1), "no 1024.0 KiB");
        assertEquals("2.0 GiB", ProgressFormat.bytes(2L << 30));
    }

    @Test
    void etaAndDuration() {
        assertEquals("4s", ProgressFormat.eta(3.2));
        assertEquals("2m05s", ProgressFormat.eta(125));
        assertEquals("1h02m", ProgressFormat.eta(3720));
        assertEquals("--", ProgressFormat.eta(Double.NaN));
        assertEquals("850 ms", ProgressFormat.duration(850));
        assertEquals("4.2 s", ProgressFormat.duration(4200));
    }

    @Test
    void trimsTitles() {
        assertEquals("abc", ProgressFormat.trim("abc", 10));
        assertEquals("abcdefg...", ProgressFormat.trim("abcdefghijklmnop", 10));
        assertEquals("", ProgressFormat.trim(null, 10));
    }

    @Test
    void rateMeterUsesARecentWindow() {
        RateMeter m = new RateMeter(5_000);
        m.record(0, 0);
        assertTrue(Double.isNaN(m.bytesPerSecond()));
        m.record(1_000, 10_000_000); // a burst of cache hits
        for (long t = 2_000; t <= 20_000; t += 1_000) {
            m.record(t, 10_000_000 + (t - 1_000) * 1_000); // then 1 MB/s
        }
        assertEquals(1_000_000, m.bytesPerSecond(), 1, "the burst has left the window");
    }

    @Test
    void terminalBarNeverExceedsTheWidth() {
        DownloadProgress p =
                new DownloadProgress(1, DownloadPhase.Downloading, 0, 0, 40, 40, 12L << 20, 30L << 20, List.of());
        for (int cols : new int[] {20, 40, 80, 200}) {
            String line = TerminalProgressBar.render(p, 3, "A rather long update title ".repeat(5), 5 << 20, cols);
            assertTrue(line.length() <= Math.max(10, cols - 1), cols + ": " + line);
        }
        String wide = TerminalProgressBar.render(p, 3, "Title", 5 << 20, 200);
        assertTrue(wide.contains(" 40%  12.0 MiB / 30.0 MiB  5.0 MiB/s  ETA 4s  2/3 Downloading Title"), wide);
    }
}
