package io.github.wudl.cli;

import io.github.wudl.backend.SessionSettings;
import io.github.wudl.cli.demo.DemoContent;
import io.github.wudl.cli.demo.DemoServer;
import io.github.wudl.script.ScriptHost;
import io.github.wudl.wua.DownloadPriority;
import io.github.wudl.wua.DownloadType;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code wudl demo}: everything offline in one go — a generated sample content set and catalog, a content
 * server on 127.0.0.1, and {@code scripts/examples/demo.js} run against it by the script host (search,
 * BeginDownload2 with function callbacks printing progress, {@code await}, a results table) with a fresh
 * cache. Leaves the files in a temporary directory and says where.
 *
 * <p>Should the JavaScript engine fail to start (a broken class path, an unsupported JVM), the demo says so
 * and falls back to the built-in download path ({@code wudl download}'s), so it still shows a download.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Self-contained demo: sample catalog, local content server, real download.",
            "Generates sample updates and a catalog in a temporary directory, serves them on 127.0.0.1",
            "and runs the demo script against them: search, download with progress, results table."
        })
final class DemoCommand implements Callable<Integer> {
    /** Per response: the largest sample file (8 MiB) then takes about two seconds. */
    private static final long DEMO_BYTES_PER_SECOND = 4L * 1024 * 1024;

    private static final String DEMO_SCRIPT = "demo.js";

    @Spec
    CommandSpec spec;

    @ParentCommand
    WudlCommand parent;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Path dir = Files.createTempDirectory("wudl-demo-");
        out.println("Generating the sample content set in " + dir + " ...");
        out.flush();
        DemoContent.Generated content = DemoContent.generateSample(dir.resolve("server"));
        Path script = copyExample(DEMO_SCRIPT, dir);
        try (DemoServer server = DemoServer.start(content.root())) {
            // loopback would finish in a blink; a mirror-like pace lets the progress callbacks show
            server.throttle(DEMO_BYTES_PER_SECOND);
            String catalogUrl = server.uri("catalog.json").toString();
            out.println("Serving " + content.updates().size() + " sample updates at " + catalogUrl);
            // the warning that follows is true of any plain-http catalog; say why this one is plain http
            out.println("(plain http on this machine's loopback only, so wudl's warning about it below is expected)");
            out.println("Running " + script + " (scripts/examples/" + DEMO_SCRIPT + ")");
            out.println();
            out.flush();
            Path cache = dir.resolve("cache");
            CliEnvironment env = parent.environment;
            int status;
            String engineProblem = scriptEngineProblem();
            if (engineProblem == null) {
                SessionSettings settings = env.settings(spec.commandLine().getErr()).toBuilder()
                        .cacheDir(cache)
                        .build();
                ScriptHost host = RunCommand.host(
                                env.catalogBackend(),
                                settings,
                                catalogUrl,
                                List.of(),
                                Duration.ofMinutes(5),
                                spec,
                                java.io.InputStream.nullInputStream())
                        .build();
                status = RunCommand.runWithSignals(
                        env.ownProcess(), () -> host.run(script, List.of()).exitCode());
            } else {
                spec.commandLine()
                        .getErr()
                        .println("wudl demo: the JavaScript engine did not start (" + engineProblem
                                + "); showing the built-in download instead");
                status = builtInDownload(env, catalogUrl, cache, dir);
            }
            out.println();
            out.println("Where things went:");
            out.println("  catalog and content served: " + content.root());
            out.println("  content cache:              " + cache);
            out.println("  demo script:                " + script);
            out.println("The same by hand, against your own catalog:");
            out.println("  scripts/wudl run --catalog <catalog.json or URL> scripts/examples/demo.js");
            out.println("  scripts/wudl download --catalog <catalog.json or URL> --out <dir> --report report.json");
            out.flush();
            return status;
        }
    }

    /** Null when GraalJS starts; else what went wrong, in a few words. */
    private static String scriptEngineProblem() {
        try {
            ScriptHost.warmUp();
            return null;
        } catch (RuntimeException | LinkageError e) {
            return String.valueOf(e);
        }
    }

    private int builtInDownload(CliEnvironment env, String catalogUrl, Path cache, Path dir) {
        DownloadRequest request = new DownloadRequest(
                catalogUrl,
                DownloadRequest.DEFAULT_CRITERIA,
                DownloadType.Full,
                DownloadPriority.Normal,
                dir.resolve("out"),
                Duration.ofMinutes(5),
                dir.resolve("report.json").toString(),
                false,
                env.settings(spec.commandLine().getErr()).toBuilder()
                        .cacheDir(cache)
                        .stallTimeout(Duration.ofSeconds(60))
                        .build(),
                UpdateFilter.NONE,
                UpdateVisibility.NONE);
        return new DownloadRunner(
                        request,
                        env.catalogBackend(),
                        spec.commandLine().getOut(),
                        spec.commandLine().getErr(),
                        DownloadCommand.rendererFactory(env, false),
                        env.ownProcess())
                .run()
                .exitCode();
    }

    /** Copies an example script shipped in the jar (from scripts/examples) into {@code dir}. */
    static Path copyExample(String name, Path dir) throws IOException {
        Path target = dir.resolve(name);
        try (InputStream in = DemoCommand.class.getResourceAsStream("/io/github/wudl/examples/" + name)) {
            if (in == null) {
                throw new IOException("the example " + name + " is missing from the wudl jar; rebuild it");
            }
            Files.copy(in, target);
        }
        return target;
    }
}
