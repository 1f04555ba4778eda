package io.github.wudl.cli;

import io.github.wudl.testing.Commands;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Assumptions;

/**
 * Real file systems that refuse writes, for tests of {@code --out}: a small tmpfs (full disk) and a
 * read-only tmpfs need root or CAP_SYS_ADMIN; without them a read-only directory ({@code chmod 555}) stands in,
 * which denies every user but root.
 */
final class Mounts {
    private Mounts() {}

    /** Mounts a tmpfs with {@code options} at {@code dir}, or skips the test saying why it cannot. */
    static void assumeTmpfs(Path dir, String options) throws InterruptedException {
        String failure = Commands.run("mount", "-t", "tmpfs", "-o", options, "tmpfs", dir.toString());
        Assumptions.assumeTrue(failure == null, "cannot mount a tmpfs here (needs root or CAP_SYS_ADMIN): " + failure);
    }

    /** Unmounts {@code dir} (lazily if it is busy), so that @TempDir can clean up. */
    static void unmount(Path dir) throws InterruptedException {
        if (Commands.run("umount", dir.toString()) != null) {
            Commands.run("umount", "-l", dir.toString());
        }
    }

    /**
     * Makes {@code dir} refuse writes: a read-only tmpfs when this process may mount one (true), else
     * {@code chmod 555} (false), which only works for a user other than root (else the test is skipped).
     */
    static boolean readOnly(Path dir) throws IOException, InterruptedException {
        if (Commands.run("mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", dir.toString()) == null) {
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
}
