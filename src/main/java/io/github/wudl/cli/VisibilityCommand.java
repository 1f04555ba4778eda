package io.github.wudl.cli;

import io.github.wudl.backend.SessionSettings;
import io.github.wudl.wua.Update;
import io.github.wudl.wua.UpdateSession;
import io.github.wudl.wua.WuaException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
        UpdateSession session;
        List<Update> all;
        try {
            session = chosen.openSession(catalog, settings);
            // every update, hidden or not, installed or not: the targets name them
            all = session.createUpdateSearcher()
                    .search("IsInstalled=0 or IsInstalled=1")
                    .updates()
                    .toList();
        } catch (WuaException e) {
            throw new UsageError("catalog " + chosen.describe(catalog) + ": " + e.getMessage(), e);
        }
        Map<String, Update> chosenUpdates = new LinkedHashMap<>();
        for (String target : targets) {
            List<Update> matched = matches(all, target);
            if (matched.isEmpty()) {
                throw new UsageError("no update in " + chosen.describe(catalog) + " has "
                        + (isGuid(target) ? "the ID " : "the KB ") + target.strip() + "; nothing was "
                        + (hide() ? "hidden" : "shown"));
            }
            matched.forEach(u -> chosenUpdates.putIfAbsent(u.identity().updateID(), u));
        }
        PrintWriter out = spec.commandLine().getOut();
        for (Update u : chosenUpdates.values()) {
            try {
                u.setIsHidden(hide());
            } catch (WuaException e) {
                throw new UsageError(e.getMessage(), e);
            }
            out.println((hide() ? "hidden: " : "shown:  ") + u.identity().updateID() + "  " + u.title());
        }
        out.flush();
        return ExitCode.OK;
    }

    private static List<Update> matches(List<Update> all, String target) {
        String t = target.strip().toLowerCase(Locale.ROOT);
        List<Update> out = new ArrayList<>();
        if (isGuid(t)) {
            for (Update u : all) {
                if (u.identity().updateID().equalsIgnoreCase(t)) {
                    out.add(u);
                }
            }
            return out;
        }
        String kb = t.startsWith("kb") ? t.substring(2) : t;
        if (!kb.matches("[0-9]{1,12}")) {
            throw new UsageError(
                    "\"" + target + "\" is neither an update ID (a GUID) nor a KB number (5050000 or" + " KB5050000)");
        }
        for (Update u : all) {
            if (u.kbArticleIDs().contains(kb)) {
                out.add(u);
            }
        }
        return out;
    }

    private static boolean isGuid(String s) {
        return s.strip().matches("(?i)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
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
