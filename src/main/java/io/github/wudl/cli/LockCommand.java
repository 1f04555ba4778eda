package io.github.wudl.cli;

import io.github.wudl.backend.SessionSettings;
import io.github.wudl.catalog.Catalog;
import io.github.wudl.catalog.CatalogUpdate;
import io.github.wudl.portable.PortableBackend;
import io.github.wudl.portable.PortableOptions;
import io.github.wudl.wua.Redaction;
import io.github.wudl.wua.Update;
import io.github.wudl.wua.WuaException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code wudl lock}: pins what a search selects as a {@link LockFile} on standard output, for
 * {@code download --lock} and {@code bundle --lock} to get exactly those bytes later; {@code wudl lock --update L}
 * shows what the same search of the catalog today would change in the lock (and writes nothing).
 */
@Command(
        name = "lock",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        versionProvider = VersionProvider.class,
        description = {
            "Pin the updates a search selects (IDs, revisions, every file's name, size and digests, the catalog's"
                    + " digest) as a lock on standard output: wudl lock --catalog C --criteria Q > wudl.lock.",
            "With --update L: show what a new lock of L's search would change, and change nothing."
        })
final class LockCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    WudlCommand parent;

    @Option(
            names = "--catalog",
            paramLabel = "C",
            description = "The catalog to search (with --update: default the lock's own catalog).")
    String catalog;

    @Option(names = "--criteria", paramLabel = "Q", description = "WUA search criteria (default: IsInstalled=0).")
    String criteria;

    @Option(
            names = "--update",
            paramLabel = "L",
            description = "Compare the lock L with what its search selects today; print the differences.")
    Path update;

    @Option(
            names = "--cache",
            paramLabel = "DIR",
            description = "Content cache, for hidden updates and fetched catalogs (default as for download).")
    Path cache;

    @Mixin
    TrustStoreOption trustStore = new TrustStoreOption();

    @Mixin
    UpdateFilterOption filter = new UpdateFilterOption();

    @Mixin
    ScanFileOption scanFile = new ScanFileOption();

    @Override
    public Integer call() {
        CliEnvironment env = parent.environment;
        trustStore.install(env);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LockFile old = update == null ? null : LockFile.read(update);
        String location = catalog != null ? catalog : old == null ? null : old.catalogLocation();
        if (location == null) {
            throw new UsageError("give --catalog C (the catalog to lock a selection of)");
        }
        CatalogOption.check(location);
        String query = criteria != null
                ? criteria
                : old != null && old.criteria() != null ? old.criteria() : DownloadRequest.DEFAULT_CRITERIA;
        UpdateFilter chosen = old != null && filter.filter().isEmpty() ? filterOf(old.filters()) : filter.filter();
        SessionSettings fromEnv = scanFile.apply(env.settings(err));
        SessionSettings settings = fromEnv.toBuilder()
                .cacheDir(cache == null ? fromEnv.cacheDir() : cache)
                .build();
        LockFile now = lock(location, query, chosen, settings);
        if (old == null) {
            out.print(now.toJson());
            out.flush();
            return ExitCode.OK;
        }
        List<String> changes = differences(old, now);
        if (changes.isEmpty()) {
            out.println("The lock " + update + " is current: " + old.updates().size() + " updates, as "
                    + Redaction.text(location) + " selects them today.");
        } else {
            changes.forEach(out::println);
            out.println(changes.size() + (changes.size() == 1 ? " change" : " changes") + " since " + update
                    + " was written; write a new lock with: wudl lock --catalog " + Redaction.text(location)
                    + " --criteria \"" + query + "\" > " + update.getFileName());
        }
        out.flush();
        return ExitCode.OK;
    }

    /** The lock of what {@code query} and {@code chosen} select in the catalog at {@code location}. */
    static LockFile lock(String location, String query, UpdateFilter chosen, SessionSettings settings) {
        PortableOptions options = PortableOptions.from(settings);
        Map.Entry<Catalog, String> loaded;
        List<Update> found;
        try {
            loaded = PortableBackend.loadCatalogWithDigest(location, options);
            found = PortableBackend.openSession(loaded.getKey(), options)
                    .createUpdateSearcher()
                    .search(query)
                    .updates()
                    .toList();
        } catch (WuaException e) {
            throw new UsageError("catalog " + Redaction.text(location) + ": " + e.getMessage(), e);
        }
        if (!chosen.isEmpty()) {
            found = chosen.apply(found);
        }
        Map<String, CatalogUpdate> byKey = new LinkedHashMap<>();
        for (CatalogUpdate u : loaded.getKey().updates()) {
            byKey.putIfAbsent(u.id() + "/" + u.revision(), u);
        }
        List<CatalogUpdate> selected = new ArrayList<>();
        for (Update u : found) {
            CatalogUpdate c =
                    byKey.get(u.identity().updateID() + "/" + u.identity().revisionNumber());
            if (c != null) {
                selected.add(c);
            }
        }
        return LockFile.of(
                location,
                loaded.getValue(),
                query,
                filtersOf(chosen),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                selected);
    }

    private static List<String> differences(LockFile old, LockFile now) {
        Map<String, LockFile.Locked> before = new LinkedHashMap<>();
        old.updates().forEach(l -> before.put(l.id(), l));
        List<String> out = new ArrayList<>();
        for (LockFile.Locked l : now.updates()) {
            LockFile.Locked was = before.remove(l.id());
            if (was == null) {
                out.add("+ " + l.id() + " r" + l.revision() + "  " + l.title() + "  (new)");
            } else if (was.revision() != l.revision()) {
                out.add("~ " + l.id() + " r" + was.revision() + " -> r" + l.revision() + "  " + l.title());
            } else if (!was.files().equals(l.files())) {
                out.add("~ " + l.id() + " r" + l.revision() + "  " + l.title() + "  (its files changed)");
            }
        }
        for (LockFile.Locked l : before.values()) {
            out.add("- " + l.id() + " r" + l.revision() + "  " + l.title() + "  (no longer selected)");
        }
        return out;
    }

    static Map<String, Object> filtersOf(UpdateFilter f) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (!f.kb().isEmpty()) {
            m.put("kb", f.kb());
        }
        if (!f.products().isEmpty()) {
            m.put("product", f.products());
        }
        if (!f.classifications().isEmpty()) {
            m.put("classification", f.classifications());
        }
        if (!f.arches().isEmpty()) {
            m.put("arch", f.arches());
        }
        if (f.releasedSince() != null) {
            m.put("releasedSince", f.releasedSince().toString());
        }
        return m;
    }

    private static UpdateFilter filterOf(Map<String, Object> m) {
        Object since = m.get("releasedSince");
        return new UpdateFilter(
                strings(m.get("kb")),
                strings(m.get("product")),
                strings(m.get("classification")),
                strings(m.get("arch")),
                since == null ? null : LocalDate.parse(String.valueOf(since)));
    }

    private static List<String> strings(Object o) {
        return o instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
    }
}
