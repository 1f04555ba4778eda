package io.github.wudl.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Temporary directories wudl makes for itself (a training run, an agent run's report). */
public final class TempDirs {
    private TempDirs() {}

    /**
     * Deletes {@code dir} and everything in it, as far as it can: a temporary directory left behind is
     * harmless, and its cleanup must never replace the outcome of the work that used it.
     */
    public static void deleteQuietly(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // left behind
        }
    }
}
