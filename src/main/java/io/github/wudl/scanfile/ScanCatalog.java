package io.github.wudl.scanfile;

import io.github.wudl.catalog.CatalogCategory;
import io.github.wudl.catalog.CatalogFile;
import io.github.wudl.catalog.CatalogUpdate;
import io.github.wudl.wua.Digests;
import io.github.wudl.wua.UpdateType;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a {@link ScanFileContent} into the {@link ScanFileIndex} (the catalog a session searches, kept in the
 * cache), as WUA shows the file's updates:
 *
 * <ul>
 *   <li>A category update (a product, a classification…) is not an update of the catalog; its title names the
 *       category, and its reference's {@code Type} is the category's Type.
 *   <li>A bundle's content is its children's files (children are those whose {@code <BundledBy>} names the
 *       bundle); a child is not listed on its own.
 *   <li>An update that another update of the file supersedes is left out unless {@code includeSuperseded};
 *       each update lists the UpdateIDs it supersedes.
 *   <li>Detectoids and updates with no content are left out; IsInstalled is 0 for every update (nothing is
 *       evaluated against a machine).
 *   <li>A file's digest is its SHA-256 where the file gives one (its SHA-1 is checked too), else its SHA-1;
 *       its URL is its {@code <FileLocation>}.
 * </ul>
 *
 * An update whose files cannot all be placed (no location, no size) is left out with one warning that counts
 * them.
 */
final class ScanCatalog {
    static final String DRIVERS = "ebfc1fc5-71a4-4f7b-9aca-3b9a503104a0";
    private static final Pattern KB = Pattern.compile("(?i)kb([0-9]{4,9})");

    private final ScanFileContent index;
    private final Map<Integer, ScanUpdate> byRevision = new HashMap<>();
    private final Map<String, String> categoryNames = new HashMap<>();
    private final Map<Integer, List<ScanUpdate>> children = new HashMap<>();
    private final Map<Integer, List<String>> supersedes = new HashMap<>();
    /** One CatalogCategory per reference: most updates share their four or five. */
    private final Map<ScanUpdate.CategoryRef, CatalogCategory> categories = new HashMap<>();

    private int unplaced;

    private ScanCatalog(ScanFileContent index) {
        this.index = index;
    }

    /** Where the updates go as they are made. */
    interface Sink {
        void add(CatalogUpdate update, boolean superseded) throws IOException;
    }

    /** The whole index in memory (for tests and the benchmark's phases). */
    static ScanFileIndex build(ScanFileContent content) throws IOException {
        List<ScanFileIndex.Entry> entries = new ArrayList<>();
        int[] unplaced = new ScanCatalog(content).emit((u, s) -> entries.add(new ScanFileIndex.Entry(u, s)));
        return new ScanFileIndex(
                content.sha256, content.language, content.creationDate, entries, unplaced[0], unplaced[1]);
    }

    /** Writes the index through {@code out}, one update at a time, and finishes it. */
    static void write(ScanFileContent content, ScanFileIndexWriter out) throws IOException {
        int[] unplaced = new ScanCatalog(content).emit(out::add);
        out.finish(content.creationDate, unplaced[0], unplaced[1]);
    }

    /** Hands every update to {@code sink}; returns the counts left out: {not superseded, superseded}. */
    private int[] emit(Sink sink) throws IOException {
        Set<String> categoryIds = new HashSet<>();
        for (ScanUpdate u : index.updates) {
            byRevision.put(u.revisionId(), u);
            u.categories().forEach(ref -> categoryIds.add(ref.id()));
        }
        for (ScanUpdate u : index.updates) {
            if (categoryIds.contains(u.updateId())) {
                String title = details(u).title();
                if (!title.isEmpty()) {
                    categoryNames.merge(u.updateId(), title, (a, b) -> a); // the first revision read names it
                }
            }
            for (int bundle : u.bundledBy()) {
                children.computeIfAbsent(bundle, k -> new ArrayList<>()).add(u);
            }
            for (int by : u.supersededBy()) {
                ScanUpdate newer = byRevision.get(by);
                if (newer != null) {
                    supersedes.computeIfAbsent(by, k -> new ArrayList<>()).add(u.updateId());
                }
            }
        }
        int unplacedSuperseded = 0;
        for (ScanUpdate u : index.updates) {
            if (categoryIds.contains(u.updateId())
                    || u.deploymentAction().equals("Evaluate")
                    || u.bundledBy().length > 0) {
                continue;
            }
            boolean superseded = superseded(u);
            int before = unplaced;
            CatalogUpdate update = update(u, null);
            if (update != null) {
                sink.add(update, superseded);
            } else if (superseded) {
                unplacedSuperseded += unplaced - before;
                unplaced = before;
            }
        }
        return new int[] {unplaced, unplacedSuperseded};
    }

    private boolean superseded(ScanUpdate u) {
        for (int by : u.supersededBy()) {
            if (byRevision.containsKey(by)) {
                return true;
            }
        }
        return false;
    }

    private UpdateDetails details(ScanUpdate u) {
        return index.details.getOrDefault(u.revisionId(), UpdateDetails.NONE);
    }

    /** The update, or null when it has no content or a file cannot be placed. */
    private CatalogUpdate update(ScanUpdate u, ScanUpdate parent) {
        UpdateDetails d = details(u);
        String title = d.title();
        if (title.isEmpty() && parent != null) {
            title = details(parent).title();
        }
        if (title.isEmpty()) {
            title = "Update " + u.updateId() + " (the scan file gives no title)";
        }
        CatalogUpdate.Builder b = CatalogUpdate.builder(u.updateId(), title)
                .revision(Math.max(1, u.revisionNumber()))
                .description(d.description())
                .msrcSeverity(severity(d.msrcSeverity()))
                .supportUrl(d.supportUrl())
                .beta(d.beta())
                .supersededUpdateIds(supersedes.getOrDefault(u.revisionId(), List.of()))
                .lastDeploymentChangeTime(instant(u.creationDate()));
        boolean driver = false;
        for (ScanUpdate.CategoryRef ref : u.categories()) {
            b.addCategory(categories.computeIfAbsent(
                    ref, r -> new CatalogCategory(r.id(), categoryNames.getOrDefault(r.id(), r.id()), r.type())));
            driver |= ref.id().equals(DRIVERS);
        }
        b.type(driver ? UpdateType.Driver : UpdateType.Software);
        Set<String> kb = new java.util.LinkedHashSet<>(d.kb());
        if (!placeFiles(u, d, b)) {
            return null;
        }
        boolean content = !u.payloadFiles().isEmpty();
        for (ScanUpdate child : children.getOrDefault(u.revisionId(), List.of())) {
            CatalogUpdate bundled = update(child, u);
            if (bundled == null) {
                return null; // a bundle with a child that cannot be fetched cannot be downloaded whole
            }
            b.addBundled(bundled);
            kb.addAll(bundled.kb());
            content = true;
        }
        if (!content) {
            return null;
        }
        if (kb.isEmpty()) {
            Matcher m = KB.matcher(title);
            if (m.find()) {
                kb.add(m.group(1));
            }
        }
        return b.kb(List.copyOf(kb)).build();
    }

    private boolean placeFiles(ScanUpdate u, UpdateDetails d, CatalogUpdate.Builder b) {
        Map<String, UpdateDetails.FileDetails> bySha1 = new HashMap<>();
        d.files().forEach(f -> bySha1.put(f.sha1(), f));
        for (String id : u.payloadFiles()) {
            String url = index.fileLocations.get(id);
            UpdateDetails.FileDetails f = bySha1.get(id);
            CatalogFile file = url == null || f == null ? null : file(f, url);
            if (file == null) {
                unplaced++;
                return false;
            }
            b.addFile(file);
        }
        return true;
    }

    private static CatalogFile file(UpdateDetails.FileDetails f, String url) {
        try {
            byte[] sha1 = Base64.getDecoder().decode(f.sha1());
            byte[] sha256 = f.sha256().isEmpty() ? null : Base64.getDecoder().decode(f.sha256());
            if (sha256 != null && sha256.length == Digests.length(Digests.SHA256)) {
                CatalogFile file = CatalogFile.ofUrlText(f.name(), url, f.size(), Digests.SHA256, sha256);
                return sha1.length == Digests.length(Digests.SHA1) ? file.withSha1Also(sha1) : file;
            }
            return CatalogFile.ofUrlText(f.name(), url, f.size(), Digests.SHA1, sha1);
        } catch (IllegalArgumentException e) {
            return null; // a name, URL or digest the catalog model refuses: counted as unplaced
        }
    }

    private static String severity(String s) {
        return switch (s) {
            case "Critical", "Important", "Moderate", "Low" -> s;
            default -> "";
        };
    }

    private static Instant instant(String text) {
        if (text.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(text.endsWith("Z") || text.contains("+") ? text : text + "Z");
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
