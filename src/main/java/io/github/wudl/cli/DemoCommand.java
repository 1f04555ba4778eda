package io.github.wudl.cli;

import io.github.wudl.cli.demo.DemoContent;
import io.github.wudl.cli.demo.DemoServer;
import io.github.wudl.wua.DownloadPriority;
import io.github.wudl.wua.DownloadType;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code wudl demo}: everything offline in one go — a generated sample content set and catalog, a content
 * server on 127.0.0.1, and the normal download path against it (search {@code IsInstalled=0}, download
 * with progress, summary table) with a fresh cache. Leaves the files in a temporary directory and says where.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Self-contained demo: sample catalog, local content server, real download.",
            "Generates sample updates, a catalog and a sample script in a temporary directory, serves",
            "them on 127.0.0.1 and downloads them with progress and a summary table."})
final class DemoCommand implements Callable<Integer> {
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
        Path script = writeSampleScript(dir);
        try (DemoServer server = DemoServer.start(content.root())) {
            String catalogUrl = server.uri("catalog.json").toString();
            out.println("Serving " + content.updates().size() + " sample updates at " + catalogUrl);
            out.println();
            DownloadRequest request = new DownloadRequest(catalogUrl, DownloadRequest.DEFAULT_CRITERIA,
                    DownloadType.Full, DownloadPriority.Normal, dir.resolve("cache"), dir.resolve("out"),
                    Duration.ofSeconds(60), Duration.ofMinutes(5), false, dir.resolve("report.json").toString(),
                    false);
            CliEnvironment env = parent.environment;
            DownloadOutcome outcome = new DownloadRunner(request, env.sessionOpener(), out,
                    spec.commandLine().getErr(), DownloadCommand.rendererFactory(env, false), env.ownProcess()).run();
            out.println();
            out.println("Where things went:");
            out.println("  catalog and content served: " + content.root());
            out.println("  content cache:              " + request.cacheDir());
            out.println("  files by update (--out):    " + request.outDir());
            out.println("  JSON report (--report):     " + request.report());
            out.println("  sample script:              " + script
                    + "  (for 'wudl run', once the JavaScript host is in)");
            out.println("The same download by hand, against your own catalog:");
            out.println("  scripts/wudl download --catalog <catalog.json or URL> --out <dir> --report report.json");
            out.flush();
            return outcome.exitCode();
        }
    }

    private static Path writeSampleScript(Path dir) throws IOException {
        Path script = dir.resolve("sample.js");
        try (InputStream in = DemoCommand.class.getResourceAsStream("demo/sample.js")) {
            if (in != null) {
                Files.copy(in, script);
            }
        }
        return script;
    }
}
