package io.github.wudl.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The top command {@code wudl}: only dispatches to its subcommands and holds the shared environment. */
@Command(
        name = "wudl",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Windows Update Agent download model: search a catalog, download and verify update files.",
        footerHeading = "%nExit status:%n",
        footer = {
            "  0  succeeded (or nothing matched the selection)",
            "  1  succeeded with errors, or failed",
            "  2  bad usage or bad input",
            "  3  aborted (Ctrl-C, SIGTERM, --timeout)",
            "",
            "Environment: WUDL_CACHE (default cache), WUDL_PARALLEL (files in flight),",
            "WUDL_PROGRESS=bar|log|none (progress view), WUDL_DEBUG=1 (stack traces of internal errors)."
        })
final class WudlCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    final CliEnvironment environment;

    WudlCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing command: use search, download, run or demo");
    }
}
