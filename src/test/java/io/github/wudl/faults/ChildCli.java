package io.github.wudl.faults;

import io.github.wudl.cli.Main;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code wudl} as users do: a separate JVM on the test class path (as CliEndToEndTest does), so that a
 * test can kill it with real signals. Output goes to files in {@code dir}, which survive a SIGKILL.
 */
final class ChildCli {
    record Result(int status, String out, String err) {}

    /** A started child with the files its output goes to. */
    record Child(Process process, Path out, Path err) {
        Result await(long seconds) throws Exception {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("wudl did not end in " + seconds + " s; out: " + Files.readString(out));
            }
            return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
        }

        String outSoFar() throws IOException {
            return Files.readString(out);
        }
    }

    private final Path dir;
    private final List<String> jvmOptions;

    ChildCli(Path dir, String... jvmOptions) {
        this.dir = dir;
        this.jvmOptions = List.of(jvmOptions);
    }

    Child start(String... args) throws IOException {
        return start(java.util.Map.of(), args);
    }

    /** {@link #start(String...)} with extra environment variables for the child. */
    Child start(java.util.Map<String, String> env, String... args) throws IOException {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        // surefire may hand the JVM a manifest-only jar as java.class.path; it also records the real path
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-Djava.io.tmpdir=" + dir));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", cp, Main.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        pb.environment().put("WUDL_PROGRESS", "log");
        pb.environment().put("WUDL_CACHE", dir.resolve("default-cache").toString());
        pb.environment().remove("WUDL_PARALLEL");
        pb.environment().putAll(env);
        return new Child(pb.start(), out, err);
    }

    Result run(String... args) throws Exception {
        return start(args).await(60);
    }
}
