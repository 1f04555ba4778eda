package io.github.wudl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wudl.wua.DownloadPhase;
import io.github.wudl.wua.DownloadProgress;
import io.github.wudl.wua.UpdateCollection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class LogLineProgressTest {
    private static final long MIB = 1 << 20;
    private final AtomicLong clock = new AtomicLong(5_000);
    private final List<String> lines = new ArrayList<>();
    private final UpdateCollection updates = UpdateCollection.readOnlySnapshot(
            List.of(update("a", "First update"), update("b", "Second update (KB5099902)"), update("c", "Third")));

    @Test
    void formatsTheSpecLine() {
        DownloadProgress p = progress(1, DownloadPhase.Downloading, 40, 12 * MIB, 30 * MIB);
        assertEquals(
                "[ 40%] 12.0 MiB / 30.0 MiB  5.0 MiB/s  ETA 4s  update 2/3 Downloading: Second update (KB5099902)",
                ProgressFormat.logLine(p, 3, "Second update (KB5099902)", 5.0 * MIB));
        assertEquals(
                "[  0%] 0 B / 30.0 MiB  -- B/s  ETA --  update 1/3 Initializing",
                ProgressFormat.logLine(progress(0, DownloadPhase.Initializing, 0, 0, 30 * MIB), 3, null, Double.NaN));
    }

    @Test
    void replaysADownloadWithAFakeClock() {
        LogLineProgress log = new LogLineProgress(lines::add, clock::get);
        // 30 MiB at 1 MiB per 200 ms = 5 MiB/s, one snapshot per 200 ms
        for (int i = 0; i <= 30; i++) {
            log.progress(
                    progress(Math.min(i / 10, 2), DownloadPhase.Downloading, i * 100 / 30, i * MIB, 30 * MIB), updates);
            clock.addAndGet(200);
        }
        log.finish(progress(2, DownloadPhase.Verifying, 100, 30 * MIB, 30 * MIB), updates);

        assertEquals("[  0%] 0 B / 30.0 MiB  -- B/s  ETA --  update 1/3 Downloading: First update", lines.get(0));
        assertTrue(lines.get(1).startsWith("[ 10%] 3.0 MiB / 30.0 MiB  5.0 MiB/s  ETA 6s  update 1/3"), lines.get(1));
        assertTrue(lines.get(lines.size() - 2).startsWith("[100%] 30.0 MiB / 30.0 MiB"), lines.toString());
        String last = lines.get(lines.size() - 1);
        assertTrue(
                last.startsWith("[100%] 30.0 MiB / 30.0 MiB  4.8 MiB/s") // the window now holds the idle 200 ms
                        && last.endsWith("ETA 0s  update 3/3 Verifying: Third"),
                last);
        assertEquals(12, lines.size(), "0,10,...,100 and the final line: " + lines);
    }

    @Test
    void finalLineIsNotRepeatedWhenTheLastLineShowedIt() {
        LogLineProgress log = new LogLineProgress(lines::add, clock::get);
        DownloadProgress done = progress(2, DownloadPhase.Verifying, 100, 30 * MIB, 30 * MIB);
        log.progress(done, updates);
        log.finish(done, updates);
        assertEquals(1, lines.size(), lines.toString());
    }

    @Test
    void controlCharactersInTitlesCannotBreakTheLine() {
        String line = ProgressFormat.logLine(
                progress(0, DownloadPhase.Downloading, 1, 1, 100), 1, "evil\r\u001b[2Jtitle\n", 1);
        assertTrue(!line.contains("\r") && !line.contains("\n") && !line.contains("\u001b"), line);
    }

    static DownloadProgress progress(int index, DownloadPhase phase, int percent, long done, long total) {
        return new DownloadProgress(index, phase, 0, 0, percent, percent, done, total, List.of());
    }

    static FakeBackend.FakeUpdate update(String id, String title) {
        return new FakeBackend.FakeUpdate(id, title, "1", 10, false, false);
    }
}
