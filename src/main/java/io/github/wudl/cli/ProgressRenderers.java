package io.github.wudl.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * Picks the progress view: nothing for {@code --quiet}; a live bar when the output is a real terminal; log
 * lines otherwise (pipes, files, CI). {@code WUDL_PROGRESS=bar|log|none} overrides the choice, for people
 * whose terminal detection is wrong and for tests.
 */
public final class ProgressRenderers {
    private ProgressRenderers() {}

    /**
     * The progress view for {@code out}, chosen as the class comment says.
     *
     * @param out         where progress goes (stdout, or stderr when the report goes to stdout)
     * @param outIsStderr whether {@code out} is the process's stderr, so the right descriptor is probed
     * @param quiet       {@code --quiet}
     * @param realConsole false when {@code out} is not the process's own stream (tests, embedding): never
     *                    probe a terminal then
     * @param env         the environment ({@code WUDL_PROGRESS}, {@code TERM})
     */
    public static ProgressRenderer create(
            PrintWriter out, boolean outIsStderr, boolean quiet, boolean realConsole, Map<String, String> env) {
        LongSupplier clock = () -> System.nanoTime() / 1_000_000;
        String forced = env.getOrDefault("WUDL_PROGRESS", "").trim().toLowerCase(Locale.ROOT);
        if (quiet || forced.equals("none")) {
            return ProgressRenderer.NONE;
        }
        if (!forced.equals("log") && realConsole && !"dumb".equals(env.get("TERM"))) {
            Terminal terminal = probe(outIsStderr);
            if (terminal != null) {
                return new TerminalProgressBar(out, cachedWidth(terminal, clock), clock, terminal);
            }
            if (forced.equals("bar")) {
                return new TerminalProgressBar(out, () -> 80, clock, null);
            }
        }
        return new LogLineProgress(
                line -> {
                    out.println(line);
                    out.flush();
                },
                clock);
    }

    /**
     * The terminal's width, asked at most once a second: with JLine's exec provider (no native library on
     * this platform) each question runs {@code stty}, too costly ten times a second.
     */
    private static IntSupplier cachedWidth(Terminal terminal, LongSupplier clock) {
        long[] askedAt = {Long.MIN_VALUE};
        int[] width = {80};
        return () -> {
            long now = clock.getAsLong();
            if (now - askedAt[0] >= 1000) {
                askedAt[0] = now;
                width[0] = terminal.getWidth();
            }
            return width[0];
        };
    }

    /** The system terminal on the chosen descriptor, or null when it is not a real terminal. */
    // JDK 22+ gives a Console even when not on a terminal; the null check is only a shortcut, and JLine
    // below still finds a pipe dumb, so the outcome is right on every JDK
    @SuppressWarnings("SystemConsoleNull")
    private static Terminal probe(boolean stderr) {
        // Java 17's System.console() is non-null only when stdin and stdout are terminals: a cheap pre-check
        // that avoids starting JLine at all in the common piped case
        if (!stderr && System.console() == null) {
            return null;
        }
        try {
            // dumb(true): fall back silently instead of JLine logging a warning about a missing terminal.
            // nativeSignals(false): JLine would otherwise reset SIGINT to the OS default, which kills the JVM
            // without shutdown hooks, so Ctrl-C would skip the abort, the report and exit status 3.
            Terminal t = TerminalBuilder.builder()
                    .system(true)
                    .dumb(true)
                    .nativeSignals(false)
                    .systemOutput(stderr ? TerminalBuilder.SystemOutput.SysErr : TerminalBuilder.SystemOutput.SysOut)
                    .build();
            String type = t.getType();
            if (type == null || type.startsWith(Terminal.TYPE_DUMB)) {
                t.close();
                return null;
            }
            return t;
        } catch (Exception | LinkageError e) {
            return null; // no terminal support here: log lines are always correct, just less pretty
        }
    }
}
