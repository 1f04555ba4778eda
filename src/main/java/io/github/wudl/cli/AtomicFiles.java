package io.github.wudl.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/** Writes a small file so that readers see either the old content or the whole new one, never a part. */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** Writes {@code text} (UTF-8) to a temporary file beside {@code target}, then moves it over the target. */
    public static void writeString(Path target, String text) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Path temp =
                (dir == null ? Path.of(".") : dir).resolve("." + abs.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            OutputPlacer.moveOver(temp, abs);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
