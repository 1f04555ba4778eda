package io.github.wudl.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code wudl run}: runs a WSH-style JavaScript file against the object model (SPEC §5). The options are
 * parsed and checked now; running needs the JavaScript host, which is not part of this build yet.
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false, versionProvider = VersionProvider.class,
        description = {"Run a Windows Script Host style JavaScript file against the WUA objects.",
            "Microsoft.Update.Session and friends search and download as under WSH; arguments after",
            "SCRIPT.js go to the script (WScript.Arguments)."})
final class RunCommand implements Callable<Integer> {
    @Option(names = "--catalog", paramLabel = "C", description = "Catalog the script's session searches.")
    String catalog;

    @Option(names = "--cache", paramLabel = "DIR", description = "Content cache (default as for download).")
    Path cache;

    @Option(names = "--timeout", paramLabel = "S", converter = CliOptions.SecondsConverter.class,
            description = "Seconds the script may run; then it is stopped (exit 3).")
    Duration timeout;

    @Parameters(index = "0", paramLabel = "SCRIPT.js", description = "The script to run.")
    Path script;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "Arguments for the script (WScript.Arguments).")
    List<String> args = List.of();

    @Override
    public Integer call() {
        if (!Files.isRegularFile(script)) {
            throw new UsageError("script " + script.toAbsolutePath() + " does not exist; give the path of a .js file");
        }
        throw new UsageError("running " + script + " needs the JavaScript host, which this build of wudl does not"
                + " include yet; use 'wudl download' for now");
    }
}
