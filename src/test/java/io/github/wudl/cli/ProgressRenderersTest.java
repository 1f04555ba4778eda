package io.github.wudl.cli;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ProgressRenderersTest {
    private final PrintWriter out = new PrintWriter(new StringWriter());

    @Test
    void quietAndNoneShowNothing() {
        assertSame(ProgressRenderer.NONE, ProgressRenderers.create(out, false, true, false, Map.of()));
        assertSame(
                ProgressRenderer.NONE,
                ProgressRenderers.create(out, false, false, true, Map.of("WUDL_PROGRESS", "none")));
    }

    @Test
    void notATerminalMeansLogLines() {
        // surefire's stdout is a pipe: even as the "own process", no terminal is found
        assertInstanceOf(LogLineProgress.class, ProgressRenderers.create(out, false, false, true, Map.of()));
        assertInstanceOf(LogLineProgress.class, ProgressRenderers.create(out, true, false, false, Map.of()));
        assertInstanceOf(
                LogLineProgress.class,
                ProgressRenderers.create(out, false, false, true, Map.of("WUDL_PROGRESS", "log")));
        assertInstanceOf(
                LogLineProgress.class, ProgressRenderers.create(out, false, false, true, Map.of("TERM", "dumb")));
    }

    @Test
    void forcedBarWorksWithoutATerminal() {
        assertInstanceOf(
                TerminalProgressBar.class,
                ProgressRenderers.create(out, true, false, true, Map.of("WUDL_PROGRESS", "bar")));
    }
}
