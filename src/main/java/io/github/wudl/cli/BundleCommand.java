package io.github.wudl.cli;

import io.github.wudl.backend.Backend;
import io.github.wudl.backend.SessionSettings;
import io.github.wudl.catalog.Catalog;
import io.github.wudl.catalog.CatalogFile;
import io.github.wudl.catalog.CatalogUpdate;
import io.github.wudl.catalog.CatalogWriter;
import io.github.wudl.portable.PortableBackend;
import io.github.wudl.portable.PortableOptions;
import io.github.wudl.wua.Digests;
import io.github.wudl.wua.DownloadPriority;
import io.github.wudl.wua.DownloadType;
import io.github.wudl.wua.Redaction;
import io.github.wudl.wua.WuaException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code wudl bundle}: the updates a search selects, as a folder that crosses an air gap and is a catalog on the
 * far side ({@link BundleLayout}); {@code wudl bundle --verify DIR} checks one ({@link BundleVerifier}).
 *
 * <p>Writing goes through the download path: the selection is downloaded and verified into the cache, and each
 * file placed in the bundle from there (a hard link where the file system allows it). Content already in the
 * folder (a second run, an interrupted one) is offered to the download as the first source of its file, so
 * only what is missing or damaged is fetched. catalog.json, SHA256SUMS and README.txt are written last, each
 * atomically, and only when every update succeeded: a failed run leaves the folder's previous bundle whole,
 * plus the files it placed, which the next run keeps. A folder that holds anything but a wudl bundle is refused.
 */
@Command(
        name = "bundle",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        versionProvider = VersionProvider.class,
        description = {
            "Write the updates a search selects as a self-contained folder (catalog.json with relative paths,"
                    + " the content, SHA256SUMS, README.txt) that --catalog DIR/catalog.json reads on the far"
                    + " side of an air gap, from disk or from any web server; or check one with --verify."
        })
final class BundleCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    WudlCommand parent;

    @Option(
            names = "--catalog",
            paramLabel = "C",
            description = "The catalog to select from: wudl-catalog/1 JSON (a bundle's too) or the offline scan"
                    + " file, a path or an http(s) URL.")
    String catalog;

    @Option(
            names = "--criteria",
            paramLabel = "Q",
            defaultValue = DownloadRequest.DEFAULT_CRITERIA,
            description = "WUA search criteria (default: ${DEFAULT-VALUE}).")
    String criteria;

    @Option(names = "--out", paramLabel = "DIR", description = "The bundle folder: new, empty, or an earlier bundle.")
    Path out;

    @Option(
            names = "--verify",
            paramLabel = "DIR",
            description = "Check the bundle in DIR end to end (files, sizes, digests, SHA256SUMS) and change nothing.")
    Path verify;

    @Option(
            names = "--cache",
            paramLabel = "DIR",
            description = "Content cache (default: $WUDL_CACHE, else the per-user cache directory).")
    Path cache;

    @Option(
            names = "--timeout",
            paramLabel = "S",
            converter = CliOptions.SecondsConverter.class,
            description = "Seconds the whole run may take; then it is aborted (exit 3). Default: no limit.")
    Duration timeout;

    @Option(names = "--quiet", description = "Print no progress.")
    boolean quiet;

    @Option(
            names = "--since",
            paramLabel = "OLD",
            description = "An older bundle already carried across: this one leaves out the files OLD holds (its"
                    + " catalog still lists them; the far side has them in its cache from OLD).")
    Path since;

    @Option(
            names = "--lock",
            paramLabel = "L",
            description = "Bundle exactly what the lock L pins, or fail naming what changed (catalog: the lock's).")
    Path lock;

    @Mixin
    TrustStoreOption trustStore = new TrustStoreOption();

    @Mixin
    UpdateFilterOption filter = new UpdateFilterOption();

    @Mixin
    ScanFileOption scanFile = new ScanFileOption();

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        if (verify != null) {
            if (catalog != null || out != null) {
                throw new UsageError("--verify DIR checks a bundle and takes neither --catalog nor --out");
            }
            return verify(verify, stdout);
        }
        LockFile pins = lock == null
                ? null
                : LockFile.forCommand(
                        lock, spec.commandLine().getParseResult().hasMatchedOption("--criteria"), filter.filter());
        if (pins != null) {
            catalog = pins.catalogOr(catalog);
            criteria = LockFile.PINNED_CRITERIA;
        }
        if (catalog == null || out == null) {
            throw new UsageError("give --catalog C and --out DIR (or --verify DIR to check a bundle)");
        }
        Path dir = out.toAbsolutePath().normalize();
        checkFolder(dir);
        Path old = since == null ? null : since.toAbsolutePath().normalize();
        Map<String, String> oldSums = old == null ? Map.of() : BundleVerifier.sumsOfBundle(old);
        if (old != null && old.equals(dir)) {
            throw new UsageError("--since " + old + " is the bundle being written; give the older bundle's folder");
        }
        CliEnvironment env = parent.environment;
        trustStore.install(env);
        CatalogOption.check(catalog);
        PrintWriter err = spec.commandLine().getErr();
        SessionSettings fromEnv = scanFile.apply(env.settings(err));
        SessionSettings settings = fromEnv.toBuilder()
                .cacheDir(cache == null ? fromEnv.cacheDir() : cache)
                .build();
        Map.Entry<Catalog, String> loaded;
        try {
            loaded = PortableBackend.loadCatalogWithDigest(catalog, PortableOptions.from(settings));
        } catch (WuaException e) {
            throw new UsageError("catalog " + catalog + ": " + e.getMessage(), e);
        }
        Catalog source = pins == null ? loaded.getKey() : pins.pin(loaded.getKey(), Redaction.text(catalog));
        // what the folder already holds is each file's first source: a second run fetches only what is missing
        Catalog seeded = new Catalog(
                source.format(),
                source.base(),
                source.updates().stream()
                        .map(u ->
                                u.withFiles(f -> fromFolder(old == null ? List.of(dir) : List.of(dir, old), u.id(), f)))
                        .toList());
        Backend backend = (location, s) -> PortableBackend.openSession(seeded, PortableOptions.from(s));
        DownloadRequest request = new DownloadRequest(
                catalog,
                criteria,
                DownloadType.Full,
                DownloadPriority.Normal,
                dir.resolve(BundleLayout.CONTENT),
                timeout,
                null,
                quiet,
                settings,
                filter.filter(),
                UpdateVisibility.NONE);
        DownloadOutcome outcome = new DownloadRunner(
                        request, backend, stdout, err, DownloadCommand.rendererFactory(env, quiet), env.ownProcess())
                .run();
        if (outcome.exitCode() != ExitCode.OK) {
            err.println("wudl bundle: not every update was downloaded; " + dir + " keeps what was placed, and the"
                    + " next run into it fetches only the rest (its catalog.json is unchanged)");
            err.flush();
            return outcome.exitCode();
        }
        List<CatalogUpdate> selected = selected(source, outcome.report());
        if (selected.isEmpty()) {
            stdout.println("Nothing to bundle: no update matches; " + dir + " is unchanged.");
            stdout.flush();
            return ExitCode.OK;
        }
        Map<CatalogFile, String> paths = placedPaths(dir, selected, outcome.report());
        Map<String, String> sha256s = new LinkedHashMap<>();
        for (Map.Entry<CatalogFile, String> e : paths.entrySet()) {
            CatalogFile f = e.getKey();
            sha256s.put(
                    e.getValue(),
                    Digests.SHA256.equals(f.digestAlgorithm())
                            ? f.digestHex()
                            : BundleVerifier.sha256(dir.resolve(e.getValue()), new ArrayList<>()));
        }
        List<String> omitted = new ArrayList<>();
        if (old != null) {
            // what the older bundle holds stays out of this one: placed a moment ago (links to the cache), removed
            for (Map.Entry<String, String> e : sha256s.entrySet()) {
                if (oldSums.containsValue(e.getValue())) {
                    omitted.add(e.getKey());
                    Path placed = dir.resolve(e.getKey());
                    Files.deleteIfExists(placed);
                    deleteIfEmpty(placed.getParent());
                }
            }
        }
        writeBundle(dir, selected, paths, sha256s, omitted, old, loaded.getValue());
        long bytes = selected.stream().mapToLong(CatalogUpdate::maxDownloadSize).sum();
        stdout.println("Bundle " + dir + ": " + selected.size() + " updates, " + (paths.size() - omitted.size())
                + " files, " + ProgressFormat.bytes(bytes) + " in all"
                + (omitted.isEmpty() ? "" : "; " + omitted.size() + " files left to the older bundle " + old)
                + ". Check it on the far side with: wudl bundle --verify " + dir);
        stdout.flush();
        return ExitCode.OK;
    }

    private static int verify(Path dir, PrintWriter out) {
        BundleVerifier.Result r = BundleVerifier.verify(dir);
        for (String p : r.problems()) {
            out.println("wudl bundle --verify: " + p);
        }
        if (!r.problems().isEmpty()) {
            out.println("The bundle " + dir + " is NOT whole: " + r.problems().size() + " problem"
                    + (r.problems().size() == 1 ? "" : "s") + ".");
            out.flush();
            return ExitCode.FAILED;
        }
        out.println("The bundle " + dir + " is whole: " + r.files() + " files, " + ProgressFormat.bytes(r.bytes())
                + ", every size and digest as its catalog and SHA256SUMS say"
                + (r.omitted() == 0
                        ? "."
                        : "; " + r.omitted() + " files are left to the older bundle it was made" + " --since."));
        out.flush();
        return ExitCode.OK;
    }

    /** A new or empty folder, or an earlier bundle; never a folder with other things in it. */
    private static void checkFolder(Path dir) throws IOException {
        if (Files.isSymbolicLink(dir)) {
            throw new UsageError("--out " + dir + " is a symbolic link; give the bundle folder itself");
        }
        if (Files.exists(dir) && !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new UsageError("--out " + dir + " is not a folder; give a new or empty folder, or an earlier bundle");
        }
        // the download places files under DIR/content, its --out: that folder and the update folders in it must
        // be the bundle's own, or the bundle would write wherever a link points
        Path content = dir.resolve(BundleLayout.CONTENT);
        if (Files.isSymbolicLink(content)
                || (Files.exists(content) && !Files.isDirectory(content, LinkOption.NOFOLLOW_LINKS))) {
            throw new UsageError(content + " is a link or not a folder; a bundle holds plain folders and files only,"
                    + " so nothing is written through it (replace it by a folder)");
        }
        if (Files.isDirectory(content, LinkOption.NOFOLLOW_LINKS)) {
            try (var entries = Files.list(content)) {
                for (Path e : entries.toList()) {
                    if (Files.isSymbolicLink(e)) {
                        throw new UsageError(e + " is a link; a bundle holds plain folders and files only, so nothing"
                                + " is written through it (replace it by a folder)");
                    }
                }
            }
        }
        if (Files.isDirectory(dir) && !BundleLayout.isBundle(dir)) {
            try (var entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    throw new UsageError("--out " + dir + " holds files and is not a wudl bundle (no catalog.json"
                            + " written by wudl bundle); give a new or empty folder so that nothing of yours is"
                            + " overwritten");
                }
            }
        }
    }

    /** {@code f} with the folder's copy of it as its first source, when the folder holds a file of its size. */
    private static CatalogFile fromFolder(List<Path> folders, String updateId, CatalogFile f) {
        for (Path dir : folders) {
            CatalogFile seeded = fromFolder(dir, updateId, f);
            if (!seeded.url().equals(f.url())) { // this folder holds it
                return seeded;
            }
        }
        return f;
    }

    private static CatalogFile fromFolder(Path dir, String updateId, CatalogFile f) {
        Path local = dir.resolve(BundleLayout.CONTENT).resolve(updateId).resolve(f.name());
        try {
            if (!Files.isRegularFile(local, LinkOption.NOFOLLOW_LINKS)
                    || Files.size(local) != f.size()
                    || f.digest() == null
                    || "file".equals(f.url().getScheme())) {
                return f;
            }
            URI localUri = local.toRealPath().toUri();
            List<URI> rest = new ArrayList<>();
            rest.add(f.url());
            rest.addAll(f.mirrors());
            CatalogFile seeded = new CatalogFile(f.name(), localUri, rest, f.size(), f.digestAlgorithm(), f.digest());
            return f.sha1Also() == null ? seeded : seeded.withSha1Also(f.sha1Also());
        } catch (IOException e) {
            return f; // not usable as it is: fetched again from the catalog's sources
        }
    }

    /** The catalog's updates that the download report lists, in its order (the source's entries, unseeded). */
    private static List<CatalogUpdate> selected(Catalog source, Map<String, Object> report) {
        Map<String, CatalogUpdate> byKey = new LinkedHashMap<>();
        for (CatalogUpdate u : source.updates()) {
            byKey.putIfAbsent(u.id() + "/" + u.revision(), u);
        }
        List<CatalogUpdate> out = new ArrayList<>();
        for (Object o : (List<?>) report.getOrDefault("updates", List.of())) {
            Map<?, ?> u = (Map<?, ?>) o;
            CatalogUpdate c = byKey.get(u.get("id") + "/" + u.get("revision"));
            if (c != null && !out.contains(c)) {
                out.add(c);
            }
        }
        return out;
    }

    /** Each selected file's path in the bundle, relative, as the report says the download placed it. */
    private static Map<CatalogFile, String> placedPaths(
            Path dir, List<CatalogUpdate> selected, Map<String, Object> report) {
        Map<String, String> placed = new LinkedHashMap<>();
        for (Object o : (List<?>) report.getOrDefault("updates", List.of())) {
            Map<?, ?> u = (Map<?, ?>) o;
            for (Object fo : (List<?>) u.get("files")) {
                Map<?, ?> f = (Map<?, ?>) fo;
                Path p = Path.of(String.valueOf(f.get("path")));
                placed.put(
                        u.get("id") + "/" + u.get("revision") + "/" + f.get("name"),
                        dir.relativize(p).toString().replace('\\', '/'));
            }
        }
        Map<CatalogFile, String> paths = new java.util.HashMap<>(); // equal files (same bytes) share one path
        for (CatalogUpdate u : selected) {
            String key = u.id() + "/" + u.revision() + "/";
            collectFiles(u, f -> {
                String rel = placed.get(key + f.name());
                if (rel == null || rel.startsWith("..")) {
                    throw new IllegalStateException(
                            "the download placed no " + f.name() + " of " + u.id() + " in the bundle folder");
                }
                paths.put(f, rel);
            });
        }
        return paths;
    }

    private static void collectFiles(CatalogUpdate u, java.util.function.Consumer<CatalogFile> each) {
        u.files().forEach(each);
        for (CatalogUpdate b : u.bundled()) {
            collectFiles(b, each);
        }
    }

    private static void deleteIfEmpty(Path folder) throws IOException {
        try (var entries = Files.list(folder)) {
            if (entries.findAny().isEmpty()) {
                Files.delete(folder);
            }
        }
    }

    private void writeBundle(
            Path dir,
            List<CatalogUpdate> selected,
            Map<CatalogFile, String> paths,
            Map<String, String> sha256s,
            List<String> omitted,
            Path old,
            String sha256)
            throws IOException {
        Map<String, Object> provenance = new LinkedHashMap<>();
        Map<String, Object> mark = new LinkedHashMap<>();
        mark.put("createdBy", "wudl " + VersionProvider.version());
        mark.put("created", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        provenance.put(BundleLayout.MARK, mark);
        Map<String, Object> from = new LinkedHashMap<>();
        from.put("catalog", Redaction.text(catalog));
        from.put("sha256", sha256);
        from.put("criteria", criteria);
        provenance.put("source", from);
        if (old != null) {
            Map<String, Object> since = new LinkedHashMap<>();
            since.put("bundle", old.toString());
            since.put("catalogSha256", BundleVerifier.sha256(old.resolve(BundleLayout.CATALOG), new ArrayList<>()));
            since.put("omitted", omitted.stream().sorted().toList());
            provenance.put(BundleVerifier.SINCE, since);
        }

        // bootstrappers are not bundled (the download fetched the full content): a bundle's catalog names
        // only what it holds
        List<CatalogUpdate> written =
                selected.stream().map(CatalogUpdate::withoutBootstrappers).toList();
        Path catalogFile = dir.resolve(BundleLayout.CATALOG);
        Path temp = dir.resolve("." + BundleLayout.CATALOG + "." + UUID.randomUUID() + ".tmp");
        try {
            try (OutputStream os = Files.newOutputStream(temp)) {
                CatalogWriter.write(os, provenance, written, f -> BundleLayout.url(paths.get(f)));
            }
            OutputPlacer.moveOver(temp, catalogFile);
        } finally {
            Files.deleteIfExists(temp);
        }
        Map<String, String> sums = new TreeMap<>();
        sums.put(BundleLayout.CATALOG, BundleVerifier.sha256(catalogFile, new ArrayList<>()));
        sha256s.forEach((path, sha) -> {
            if (!omitted.contains(path)) {
                sums.put(path, sha);
            }
        });
        StringBuilder text = new StringBuilder();
        sums.forEach((path, sha) -> text.append(sha).append("  ").append(path).append('\n'));
        AtomicFiles.writeString(dir.resolve(BundleLayout.SUMS), text.toString());
        AtomicFiles.writeString(
                dir.resolve(BundleLayout.README),
                readme(selected.size(), paths.size() - omitted.size())
                        + (old == null
                                ? ""
                                : "\nThis bundle leaves out " + omitted.size() + " files of the older bundle " + old
                                        + ":\nimport that one first (wudl download --catalog <it>/catalog.json), then this one.\n"));
    }

    private String readme(int updates, int files) {
        return "This folder is a wudl bundle: " + updates + " updates and their " + files + " content files,\n"
                + "selected from " + Redaction.text(catalog) + " with \"" + criteria + "\".\n\n"
                + "Check it after copying (either works):\n"
                + "  sha256sum -c SHA256SUMS\n"
                + "  wudl bundle --verify <this folder>\n\n"
                + "Use it as a catalog, from disk or served by any web server:\n"
                + "  wudl download --catalog <this folder>/catalog.json\n"
                + "  wudl download --catalog https://mirror.example/bundle/catalog.json\n\n"
                + "Content is verified against catalog.json's digests before it is used, and the paths in\n"
                + "catalog.json stay inside this folder. Do not edit catalog.json: SHA256SUMS lists its digest.\n";
    }
}
