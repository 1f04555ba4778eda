package io.github.wudl.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * System tools the tests check against (gcab, cabextract, osslsigncode from apt). On a developer machine
 * without one, the tests that need it are skipped; under CI ({@code CI=true}, where {@code .ci/run} installs
 * them) a missing tool fails the test, so a skipped check cannot pass for a green run.
 */
public final class Tools {
    private Tools() {}

    /** Skips (or under CI fails) the calling test when {@code tool} is not on the PATH. */
    public static void require(String tool) {
        boolean found = false;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator, -1)) {
            found |= !dir.isEmpty() && new File(dir, tool).canExecute();
        }
        if (!found && "true".equals(System.getenv("CI"))) {
            throw new AssertionError(tool + " is not installed; .ci/run installs it with apt");
        }
        Assumptions.assumeTrue(found, tool + " is not installed (apt install " + tool + ")");
    }

    /** Runs {@code command} in {@code dir}; returns its output, or fails the test with it when it exits non-zero. */
    public static String run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), Charset.defaultCharset());
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish");
        }
        if (p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + ": exit " + p.exitValue() + ": " + out);
        }
        return out;
    }
}
