package io.github.wudl.cli;

import io.github.wudl.backend.SessionSettings;
import io.github.wudl.wua.DownloadPriority;
import io.github.wudl.wua.DownloadType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code wudl download}: the options of SPEC §4, handed to a {@link DownloadRunner}. */
@Command(
        name = "download",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        versionProvider = VersionProvider.class,
        description = {
            "Download and verify the content of the updates a catalog search selects.",
            "Files land in a content-addressed cache; --out also places them as DIR/<update id>/<file name>."
        })
final class DownloadCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    WudlCommand parent;

    @Option(
            names = "--catalog",
            paramLabel = "C",
            description = "Catalog: wudl-catalog/1 JSON or Microsoft's offline scan file (wsusscn2.cab), a file path or"
                    + " an http(s) URL (portable backend).")
    String catalog;

    @Option(
            names = "--criteria",
            paramLabel = "Q",
            defaultValue = DownloadRequest.DEFAULT_CRITERIA,
            description = "WUA search criteria (default: ${DEFAULT-VALUE}).")
    String criteria;

    @Option(
            names = "--type",
            paramLabel = "full|bootstrapper",
            defaultValue = "full",
            converter = CliOptions.DownloadTypeConverter.class,
            description = "Download all content files, or only each update's bootstrapper (default: full).")
    DownloadType type;

    @Option(
            names = "--cache",
            paramLabel = "DIR",
            description = "Content cache (default: $WUDL_CACHE, else the per-user cache directory).")
    Path cache;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = {
                "Also place each update's files under DIR/<update id>/<file name> (hard link or copy);",
                "DIR/<update id>/<revision>/<file name> when two revisions of one update are selected."
            })
    Path out;

    @Option(
            names = "--priority",
            paramLabel = "low|normal|high|extrahigh",
            defaultValue = "normal",
            converter = CliOptions.PriorityConverter.class,
            description = "Download priority; decides how many files are fetched at once (default: normal).")
    DownloadPriority priority;

    @Option(
            names = "--stall-timeout",
            paramLabel = "S",
            defaultValue = "60",
            converter = CliOptions.SecondsConverter.class,
            description = "Seconds without a byte before a transfer is retried from where it stopped (default: 60).")
    Duration stallTimeout;

    @Option(
            names = "--timeout",
            paramLabel = "S",
            converter = CliOptions.SecondsConverter.class,
            description = "Seconds the whole run may take; then it is aborted (exit 3). Default: no limit.")
    Duration timeout;

    @Option(names = "--allow-unverified", description = "Accept catalog files that have no sha256/sha1 digest.")
    boolean allowUnverified;

    @Option(
            names = "--report",
            paramLabel = "FILE",
            description = "Write a JSON report to FILE (- for stdout; progress then goes to stderr).")
    String report;

    @Option(names = "--quiet", description = "Print no progress.")
    boolean quiet;

    @Option(
            names = "--lock",
            paramLabel = "L",
            description = "Get exactly what the lock L (from wudl lock) pins, or fail naming what changed; the"
                    + " catalog defaults to the lock's.")
    Path lock;

    @Option(
            names = "--hide",
            paramLabel = "ID|KB",
            split = ",",
            description = "Hide these updates (IsHidden=1) before the search, for this run and every later one"
                    + " (repeatable); criteria with IsHidden=0 then leave them out.")
    List<String> hide = new ArrayList<>();

    @Option(
            names = "--unhide",
            paramLabel = "ID|KB",
            split = ",",
            description = "Show these hidden updates again (IsHidden=0) before the search (repeatable).")
    List<String> unhide = new ArrayList<>();

    @Mixin
    TrustStoreOption trustStore = new TrustStoreOption();

    @Mixin
    UpdateFilterOption filter = new UpdateFilterOption();

    @Mixin
    ScanFileOption scanFile = new ScanFileOption();

    @Mixin
    BackendOption backend = new BackendOption();

    @Override
    public Integer call() {
        CliEnvironment env = parent.environment;
        trustStore.install(env);
        LockFile pins = lock == null
                ? null
                : LockFile.forCommand(
                        lock, spec.commandLine().getParseResult().hasMatchedOption("--criteria"), filter.filter());
        if (pins != null && backend.wua()) {
            throw new UsageError("--lock pins a catalog's files; Windows Update (--backend wua) has none to pin");
        }
        String catalog = pins == null ? this.catalog : pins.catalogOr(this.catalog);
        backend.check(catalog);
        if (backend.wua() && out != null) {
            throw new UsageError("--out places files from wudl's cache; with --backend wua the content stays in"
                    + " Windows Update's own store (leave --out out)");
        }
        // WUA's own downloads pause for minutes: its watchdog keeps its longer default unless told otherwise
        boolean stallGiven = spec.commandLine().getParseResult().hasMatchedOption("--stall-timeout");
        SessionSettings fromEnv = scanFile.apply(env.settings(spec.commandLine().getErr()));
        SessionSettings settings = fromEnv.toBuilder()
                .cacheDir(cache == null ? fromEnv.cacheDir() : cache)
                .allowUnverified(allowUnverified)
                .stallTimeout(backend.wua() && !stallGiven ? null : stallTimeout)
                .build();
        io.github.wudl.backend.Backend chosen = backend.backend(env);
        if (pins != null) {
            chosen = pinned(pins, catalog, settings);
        }
        DownloadRequest request = new DownloadRequest(
                catalog,
                pins == null ? criteria : LockFile.PINNED_CRITERIA,
                type,
                priority,
                out,
                timeout,
                report,
                quiet,
                settings,
                filter.filter(),
                new UpdateVisibility(hide, unhide));
        DownloadRunner runner = new DownloadRunner(
                request,
                chosen,
                spec.commandLine().getOut(),
                spec.commandLine().getErr(),
                rendererFactory(env, quiet),
                env.ownProcess());
        return runner.run().exitCode();
    }

    /** A backend whose sessions see only what {@code pins} pins of the catalog at {@code location}. */
    static io.github.wudl.backend.Backend pinned(LockFile pins, String location, SessionSettings settings) {
        io.github.wudl.catalog.Catalog pinnedCatalog;
        try {
            pinnedCatalog = pins.pin(
                    io.github.wudl.portable.PortableBackend.loadCatalog(
                            location, io.github.wudl.portable.PortableOptions.from(settings)),
                    io.github.wudl.wua.Redaction.text(location));
        } catch (io.github.wudl.wua.WuaException e) {
            throw new UsageError("catalog " + location + ": " + e.getMessage(), e);
        }
        return (source, s) -> io.github.wudl.portable.PortableBackend.openSession(
                pinnedCatalog, io.github.wudl.portable.PortableOptions.from(s));
    }

    static DownloadRunner.RendererFactory rendererFactory(CliEnvironment env, boolean quiet) {
        return (out, toStderr) -> ProgressRenderers.create(out, toStderr, quiet, env.ownProcess(), env.env());
    }
}
