package io.github.wudl.cli;

import io.github.wudl.backend.Backend;
import io.github.wudl.backend.SessionSettings;
import io.github.wudl.script.CodePages;
import io.github.wudl.script.ScriptHost;
import io.github.wudl.script.ScriptOutcome;
import io.github.wudl.script.SessionFactory;
import io.github.wudl.wua.UpdateSession;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code wudl run}: runs a WSH-style JavaScript file against the object model (SPEC §5) with the
 * {@link ScriptHost}, the session opened the same way as {@code wudl download} opens it.
 *
 * <p>Exit status: the script's {@code WScript.Quit} code, else 0; 1 for a script error; 2 for bad usage
 * (missing script, bad option); 3 when {@code --timeout}, Ctrl-C or SIGTERM stopped it (running downloads are
 * aborted; their partial files stay resumable).
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        versionProvider = VersionProvider.class,
        description = {
            "Run a Windows Script Host style JavaScript file against the WUA objects.",
            "Microsoft.Update.Session and friends search and download as under WSH; arguments after",
            "SCRIPT.js go to the script (WScript.Arguments)."
        },
        footerHeading = "%nExit status:%n",
        footer = {"  the script's WScript.Quit code, else 0; 1 script error; 2 bad usage; 3 stopped (--timeout, Ctrl-C)"
        })
final class RunCommand implements Callable<Integer> {
    /** How long Ctrl-C/SIGTERM waits for the script to stop and its downloads to abort before halting. */
    private static final long SIGNAL_WAIT_SECONDS = 15;

    @Spec
    CommandSpec spec;

    @ParentCommand
    WudlCommand parent;

    @Option(names = "--catalog", paramLabel = "C", description = "Catalog the script's session searches.")
    String catalog;

    @Option(
            names = "--allow-read",
            paramLabel = "DIR",
            description = {
                "A folder whose catalogs the script may register with ServiceManager.AddScanPackageService"
                        + " (repeatable); besides --catalog, it may read nothing else."
            })
    List<Path> allowRead = new ArrayList<>();

    @Option(
            names = "--memory-limit",
            paramLabel = "SIZE",
            description = "The most memory the script may fill, e.g. 512m or 2g (default 1g): scripts/wudl starts the"
                    + " JVM with it as its heap limit; a script that fills it is stopped with a message.")
    String memoryLimit;

    @Option(names = "--cache", paramLabel = "DIR", description = "Content cache (default as for download).")
    Path cache;

    @Option(
            names = "--code-page",
            paramLabel = "CP",
            description = "The ANSI code page of a script that is neither UTF-16 (with a byte-order mark) nor UTF-8,"
                    + " as cscript takes it from Windows: 1252 (the default), 1251, 932 … or a charset name such as"
                    + " Shift_JIS.")
    String codePage;

    @Option(
            names = "--timeout",
            paramLabel = "S",
            converter = CliOptions.SecondsConverter.class,
            description = "Seconds the script may run; then it is stopped (exit 3).")
    Duration timeout;

    @Parameters(index = "0", paramLabel = "SCRIPT.js", description = "The script to run.")
    Path script;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "Arguments for the script (WScript.Arguments).")
    List<String> args = List.of();

    @Mixin
    TrustStoreOption trustStore = new TrustStoreOption();

    @Mixin
    ScanFileOption scanFile = new ScanFileOption();

    @Mixin
    BackendOption backend = new BackendOption();

    @Override
    public Integer call() throws IOException {
        trustStore.install(parent.environment);
        checkMemoryLimit(memoryLimit, spec.commandLine().getErr());
        java.nio.charset.Charset ansi;
        try {
            ansi = codePage == null ? CodePages.DEFAULT : CodePages.of(codePage);
        } catch (IllegalArgumentException e) {
            throw new UsageError("--code-page " + e.getMessage(), e);
        }
        if (!Files.isRegularFile(script)) {
            throw new UsageError("script " + script.toAbsolutePath() + " does not exist; give the path of a .js file");
        }
        backend.check(catalog, false);
        CatalogOption.check(catalog);
        for (Path dir : allowRead) {
            if (!Files.isDirectory(dir)) {
                throw new UsageError("--allow-read " + dir + ": no such folder (" + dir.toAbsolutePath()
                        + "); give a folder the script may read catalogs from");
            }
        }
        CliEnvironment env = parent.environment;
        PrintWriter err = spec.commandLine().getErr();
        SessionSettings fromEnv = scanFile.apply(env.settings(err));
        Path cacheDir = (cache == null ? fromEnv.cacheDir() : cache).toAbsolutePath();
        if (Files.exists(cacheDir) && !Files.isDirectory(cacheDir)) {
            throw new UsageError(
                    "--cache " + cacheDir + ": that is a file; give a directory (it is created if missing)");
        }
        SessionSettings settings = fromEnv.toBuilder().cacheDir(cacheDir).build();
        // WScript.StdIn is the process's standard input when wudl owns the process (a script reads what is
        // piped into it); embedded, nothing
        java.io.InputStream in = env.ownProcess() ? System.in : java.io.InputStream.nullInputStream();
        ScriptHost host = host(backend.backend(env), settings, catalog, allowRead, timeout, spec, in)
                .codePage(ansi)
                .build();
        return runWithSignals(env.ownProcess(), () -> {
            try {
                return host.run(script, args).exitCode();
            } catch (io.github.wudl.script.ScriptHost.BadScriptFile e) {
                throw new UsageError(e.getMessage(), e); // a .wsf that cannot be run: what is wrong, and where
            }
        });
    }

    /**
     * {@code --memory-limit} is the JVM's heap limit, which only the launcher can set (scripts/wudl turns it into
     * {@code -Xmx}; so does the Jenkins step): here it is checked, and a JVM started another way with another
     * limit is named, so that nobody believes a limit that is not in force.
     */
    static void checkMemoryLimit(String value, PrintWriter err) {
        if (value == null) {
            return;
        }
        long bytes = CliOptions.memoryLimitBytes(value);
        if (bytes < 0) {
            throw new UsageError("--memory-limit " + value + ": give a size such as 512m or 2g");
        }
        if (bytes < CliOptions.MIN_MEMORY_LIMIT) {
            throw new UsageError("--memory-limit " + value + ": the script host needs at least 64m");
        }
        long max = Runtime.getRuntime().maxMemory();
        if (Math.abs(max - bytes) > bytes / 10) {
            err.println("wudl: --memory-limit " + value.strip() + " is not in force: this JVM's heap limit is "
                    + (max >> 20) + " MiB; start wudl with scripts/wudl, or with java -Xmx" + value.strip());
            err.flush();
        }
    }

    /** The host {@code run} and {@code demo} use: sessions of {@code backend}, streams of the command. */
    static ScriptHost.Builder host(
            Backend backend,
            SessionSettings settings,
            String catalog,
            List<Path> allowRead,
            Duration timeout,
            CommandSpec spec,
            java.io.InputStream in) {
        PrintWriter err = spec.commandLine().getErr();
        SessionSettings withWarnings = settings.toBuilder()
                .warnings(line -> {
                    err.println("wudl: warning: " + line);
                    err.flush();
                })
                .build();
        SessionFactory sessions = new SessionFactory() {
            @Override
            public UpdateSession open(String location) {
                return backend.openSession(location, withWarnings);
            }

            @Override
            public boolean needsCatalog() {
                return backend.needsSource();
            }
        };
        return ScriptHost.builder(sessions)
                .catalog(catalog)
                .allowRead(allowRead)
                .out(spec.commandLine().getOut())
                .err(err)
                .in(in)
                .timeout(timeout);
    }

    /** A script run whose exit status is returned. */
    interface ScriptCall {
        int run() throws IOException;
    }

    /**
     * Runs {@code call} on this thread; when it owns the process, Ctrl-C/SIGTERM interrupt it (the script's
     * waits end, its downloads are aborted) and the JVM exits with the run's status — 3 — rather than 130/143.
     */
    static int runWithSignals(boolean ownProcess, ScriptCall call) throws IOException {
        if (!ownProcess) {
            return call.run();
        }
        Thread scriptThread = Thread.currentThread();
        CountDownLatch finished = new CountDownLatch(1);
        AtomicInteger status = new AtomicInteger(ScriptOutcome.STOPPED_EXIT);
        Thread hook = new Thread(
                () -> {
                    scriptThread.interrupt();
                    try {
                        finished.await(SIGNAL_WAIT_SECONDS, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    Runtime.getRuntime().halt(status.get());
                },
                "wudl-run-signal");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            int s = call.run();
            status.set(s);
            return s;
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it halts with our status
            }
        }
    }
}
