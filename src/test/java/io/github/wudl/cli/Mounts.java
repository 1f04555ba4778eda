package io.github.wudl.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Real file systems that refuse writes, for tests of {@code --out}: a small tmpfs (full disk) and a
 * read-only tmpfs need root or CAP_SYS_ADMIN; without them a read-only directory ({@code chmod 555}) stands in,
 * which denies every user but root.
 */
final class Mounts {
    private Mounts() {
    }

    /** Mounts a tmpfs with {@code options} at {@code dir}, or skips the test saying why it cannot. */
    static void assumeTmpfs(Path dir, String options) throws InterruptedException {
        String failure = run("mount", "-t", "tmpfs", "-o", options, "tmpfs", dir.toString());
        Assumptions.assumeTrue(failure == null, "cannot mount a tmpfs here (needs root or CAP_SYS_ADMIN): " + failure);
    }

    /** Unmounts {@code dir} (lazily if it is busy), so that @TempDir can clean up. */
    static void unmount(Path dir) throws InterruptedException {
        if (run("umount", dir.toString()) != null) {
            run("umount", "-l", dir.toString());
        }
    }

    /**
     * Makes {@code dir} refuse writes: a read-only tmpfs when this process may mount one (true), else
     * {@code chmod 555} (false), which only works for a user other than root (else the test is skipped).
     */
    static boolean readOnly(Path dir) throws IOException, InterruptedException {
        if (run("mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", dir.toString()) == null) {
            return true;
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
        Assumptions.assumeFalse(Files.isWritable(dir), "neither a read-only mount nor chmod 555 denies writes here");
        return false;
    }

    static void undoReadOnly(Path dir, boolean mounted) throws IOException, InterruptedException {
        if (mounted) {
            unmount(dir);
        } else {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    /** Runs a command; null when it exits 0, else what it printed and its status (or why it could not start). */
    private static String run(String... command) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return String.join(" ", command) + " did not finish";
            }
            return p.exitValue() == 0 ? null : String.join(" ", command) + ": exit " + p.exitValue() + ": " + out;
        } catch (IOException e) {
            return String.join(" ", command) + ": " + e.getMessage();
        }
    }
}
