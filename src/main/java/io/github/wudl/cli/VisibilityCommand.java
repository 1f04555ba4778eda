package io.github.wudl.cli;

import io.github.wudl.backend.SessionSettings;
import io.github.wudl.wua.UpdateSession;
import io.github.wudl.wua.WuaException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code wudl hide} and {@code wudl unhide}: set IsHidden on updates of a catalog, by update ID or KB, as a
 * script's {@code update.IsHidden = true} does; later searches of any catalog and every later run see it
 * (the portable backend keeps it in the cache folder; {@code --backend wua} sets it in Windows Update). Every
 * target is resolved before anything changes: one that matches no update is an error, and then nothing is
 * hidden.
 */
abstract class VisibilityCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    WudlCommand parent;

    @Option(
            names = "--catalog",
            paramLabel = "C",
            required = true,
            description = "The catalog whose updates are meant (wudl-catalog/1 JSON or the offline scan file).")
    String catalog;

    @Option(
            names = "--cache",
            paramLabel = "DIR",
            description = "Content cache, where the portable backend keeps what is hidden (default: $WUDL_CACHE,"
                    + " else the per-user cache directory).")
    Path cache;

    @Parameters(
            arity = "1..*",
            paramLabel = "ID|KB",
            description = "Update IDs (GUIDs) or KB numbers (5050000 or KB5050000).")
    List<String> targets = new ArrayList<>();

    @Mixin
    TrustStoreOption trustStore = new TrustStoreOption();

    @Mixin
    ScanFileOption scanFile = new ScanFileOption();

    @Mixin
    BackendOption backend = new BackendOption();

    /** True for {@code hide}, false for {@code unhide}. */
    abstract boolean hide();

    @Override
    public Integer call() {
        CliEnvironment env = parent.environment;
        trustStore.install(env);
        backend.check(catalog);
        CatalogOption.check(catalog);
        PrintWriter err = spec.commandLine().getErr();
        SessionSettings fromEnv = env.settings(err);
        SessionSettings settings = scanFile.apply(fromEnv.toBuilder()
                .cacheDir(cache == null ? fromEnv.cacheDir() : cache)
                .build());
        io.github.wudl.backend.Backend chosen = backend.backend(env);
        // the targets are checked before the catalog is read: a typo costs no scan-file open
        UpdateVisibility change =
                hide() ? new UpdateVisibility(targets, List.of()) : new UpdateVisibility(List.of(), targets);
        UpdateSession session;
        try {
            session = chosen.openSession(catalog, settings);
        } catch (WuaException e) {
            throw new UsageError("catalog " + chosen.describe(catalog) + ": " + e.getMessage(), e);
        }
        change.apply(session, chosen.describe(catalog), spec.commandLine().getOut());
        return ExitCode.OK;
    }

    /** {@code wudl hide}. */
    @Command(
            name = "hide",
            mixinStandardHelpOptions = true,
            sortOptions = false,
            versionProvider = VersionProvider.class,
            description = "Hide updates (IsHidden=1) by update ID or KB: searches with IsHidden=0 leave them out,"
                    + " in this run and every later one.")
    static final class Hide extends VisibilityCommand {
        @Override
        boolean hide() {
            return true;
        }
    }

    /** {@code wudl unhide}. */
    @Command(
            name = "unhide",
            mixinStandardHelpOptions = true,
            sortOptions = false,
            versionProvider = VersionProvider.class,
            description = "Show hidden updates again (IsHidden=0) by update ID or KB.")
    static final class Unhide extends VisibilityCommand {
        @Override
        boolean hide() {
            return false;
        }
    }
}
