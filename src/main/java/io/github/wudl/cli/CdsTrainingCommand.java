package io.github.wudl.cli;

import io.github.wudl.cli.demo.DemoContent;
import io.github.wudl.cli.demo.DemoServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code wudl cds-training} (hidden): one pass through each command's main path — search, download with a
 * report, and a script run with callbacks — against the generated sample catalog on a local unthrottled
 * server, all output discarded, everything under a temporary directory that is deleted afterwards.
 *
 * <p>Why: {@code scripts/wudl} runs this once per build under {@code -XX:ArchiveClassesAtExit}, so that the
 * class-data-sharing archive holds the classes every command loads, rather than only those of whichever
 * command happened to run first after the build (often {@code --version}). Measured: a one-file download
 * took 0.56-0.64 s with an archive made by a download, 0.73-1.00 s with one made by {@code --version}.
 * Exit status 0 when all three passes succeeded, else 1 (the archive is still usable).
 */
@Command(
        name = "cds-training",
        hidden = true,
        description = "Runs search, download and run once on sample content (used by scripts/wudl).")
final class CdsTrainingCommand implements Callable<Integer> {
    @ParentCommand
    WudlCommand parent;

    @Override
    public Integer call() throws IOException {
        Path dir = Files.createTempDirectory("wudl-cds-");
        try {
            DemoContent.Generated content = DemoContent.generateSample(dir.resolve("server"));
            Path script = DemoCommand.copyExample("demo.js", dir);
            try (DemoServer server = DemoServer.start(content.root())) {
                String catalog = server.uri("catalog.json").toString();
                // not the process's own streams: no signal handlers, nothing printed
                CliEnvironment env =
                        new CliEnvironment(parent.environment.catalogBackend(), false, parent.environment.env());
                PrintWriter none = new PrintWriter(Writer.nullWriter());
                int failed = 0;
                failed += Main.run(env, none, none, "search", "--catalog", catalog, "--json", "IsInstalled=0") == 0
                        ? 0
                        : 1;
                failed += Main.run(
                                        env,
                                        none,
                                        none,
                                        "download",
                                        "--catalog",
                                        catalog,
                                        "--cache",
                                        dir.resolve("cache").toString(),
                                        "--report",
                                        dir.resolve("report.json").toString(),
                                        "--out",
                                        dir.resolve("out").toString())
                                == 0
                        ? 0
                        : 1;
                failed += Main.run(
                                        env,
                                        none,
                                        none,
                                        "run",
                                        "--catalog",
                                        catalog,
                                        "--cache",
                                        dir.resolve("cache-run").toString(),
                                        script.toString())
                                == 0
                        ? 0
                        : 1;
                return failed == 0 ? ExitCode.OK : ExitCode.FAILED;
            }
        } finally {
            TempDirs.deleteQuietly(dir);
        }
    }
}
