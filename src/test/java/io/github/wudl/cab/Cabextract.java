package io.github.wudl.cab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the system's cabextract, the independent decoder the cab tests check their cabinets against. When it
 * is absent a test is skipped, unless the environment says {@code CI=true}, where it fails: CI installs it.
 */
final class Cabextract {
    private static final Path TOOL = Path.of("/usr/bin/cabextract");
    private static final long TIMEOUT_SECONDS = 120;

    private Cabextract() {}

    /** The outcome of one run: its exit code and its merged stdout and stderr. */
    record Result(int exitCode, String output) {}

    /** Skips (or fails on CI) when cabextract is not installed. */
    static void require() {
        io.github.wudl.testing.Tools.require("cabextract");
    }

    /** {@code cabextract -t cab}: tests every file (decodes and checks CFDATA checksums). */
    static Result test(Path cab) {
        return run(List.of(TOOL.toString(), "-t", cab.toString()));
    }

    /** {@code cabextract -d dir cab}. */
    static Result extract(Path cab, Path dir) {
        return run(List.of(TOOL.toString(), "-d", dir.toString(), cab.toString()));
    }

    private static Result run(List<String> command) {
        require();
        try {
            // output goes to a file, not a pipe, so a cabextract that hangs cannot block the wait below
            Path log = Files.createTempFile("cabextract", ".log");
            try {
                Process process = new ProcessBuilder(new ArrayList<>(command))
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
                process.getOutputStream().close();
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("cabextract did not finish in " + TIMEOUT_SECONDS + " s: " + command);
                }
                return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
