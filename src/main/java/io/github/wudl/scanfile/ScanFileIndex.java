package io.github.wudl.scanfile;

import io.github.wudl.catalog.Catalog;
import io.github.wudl.catalog.CatalogCategory;
import io.github.wudl.catalog.CatalogFile;
import io.github.wudl.catalog.CatalogUpdate;
import io.github.wudl.wua.DownloadPriority;
import io.github.wudl.wua.UpdateType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The catalog one scan file gives, kept in the cache ({@code <cache>/scanfile/<sha256>-<language>.index}) so
 * that later opens of the file read this alone: every update a search of the file can show, the superseded ones
 * marked (one index serves searches with and without superseded updates), and how many updates were left out
 * because a file of theirs cannot be placed. It is written atomically; a file that does not read back exactly
 * (another format version, another scan file or language, cut short, damaged) reads as null and is rebuilt
 * from the scan file, never half used.
 */
final class ScanFileIndex {
    private static final long MAGIC = 0x5755_444c_5343_4e32L; // "WUDLSCN2"
    private static final int VERSION = 2;
    private static final int MAX_STRING_BYTES = ScanXml.MAX_VALUE_CHARS * 4;
    private static final int MAX_ITEMS = PackageXml.MAX_REFERENCES;
    private static final int MAX_UPDATES = 10_000_000;

    /** One update of the catalog, and whether another update of the same file supersedes it. */
    record Entry(CatalogUpdate update, boolean superseded) {}

    final String sha256;
    final String language;
    final String creationDate;
    final List<Entry> entries;
    /** Updates left out because a file cannot be placed: those no other update supersedes. */
    final int unplaced;
    /** The same, among superseded updates. */
    final int unplacedSuperseded;

    ScanFileIndex(
            String sha256,
            String language,
            String creationDate,
            List<Entry> entries,
            int unplaced,
            int unplacedSuperseded) {
        this.sha256 = sha256;
        this.language = language;
        this.creationDate = creationDate;
        this.entries = entries;
        this.unplaced = unplaced;
        this.unplacedSuperseded = unplacedSuperseded;
    }

    /** The catalog a session searches, with or without the superseded updates. */
    Catalog catalog(URI location, boolean includeSuperseded, Consumer<String> warnings) {
        List<CatalogUpdate> updates = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            if (includeSuperseded || !e.superseded()) {
                updates.add(e.update());
            }
        }
        int left = unplaced + (includeSuperseded ? unplacedSuperseded : 0);
        if (left > 0) {
            warnings.accept(left + " updates of the scan file are left out: a file of theirs has no location"
                    + " or no size in the file");
        }
        return new Catalog("wsusscn2", location, updates);
    }

    /** Writes the index to {@code target} atomically: a reader sees the old file, the whole new one, or none. */
    void write(Path target) throws IOException {
        Files.createDirectories(target.getParent());
        Path temp =
                Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
        try {
            try (OutputStream file = Files.newOutputStream(temp);
                    IndexOutput out = new IndexOutput(file)) {
                writeTo(out);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private void writeTo(IndexOutput out) throws IOException {
        out.writeLong(MAGIC);
        out.writeCount(VERSION);
        out.writeString(sha256);
        out.writeString(language);
        out.writeString(creationDate);
        out.writeCount(unplaced);
        out.writeCount(unplacedSuperseded);
        // categories are few and shared by most updates: a table, and each update refers to its entries
        Map<CatalogCategory, Integer> table = new HashMap<>();
        List<CatalogCategory> categories = new ArrayList<>();
        for (Entry e : entries) {
            collect(e.update(), table, categories);
        }
        out.writeCount(categories.size());
        for (CatalogCategory c : categories) {
            out.writeString(c.id());
            out.writeString(c.name());
            out.writeString(c.type());
        }
        out.writeCount(entries.size());
        for (Entry e : entries) {
            out.writeByte(e.superseded() ? 1 : 0);
            writeUpdate(out, e.update(), table);
        }
        out.writeLong(MAGIC); // the end: a file cut short never reads as whole
    }

    private static void collect(CatalogUpdate u, Map<CatalogCategory, Integer> table, List<CatalogCategory> all) {
        for (CatalogCategory c : u.categories()) {
            if (table.putIfAbsent(c, all.size()) == null) {
                all.add(c);
            }
        }
        u.bundled().forEach(b -> collect(b, table, all));
    }

    private static void writeUpdate(IndexOutput out, CatalogUpdate u, Map<CatalogCategory, Integer> table)
            throws IOException {
        out.writeString(u.id());
        out.writeCount(u.revision());
        out.writeString(u.title());
        writeStrings(out, u.kb());
        out.writeString(u.description());
        out.writeCount(u.type().value());
        out.writeCount(u.categories().size());
        for (CatalogCategory c : u.categories()) {
            out.writeCount(table.get(c));
        }
        out.writeByte((u.installed() ? 1 : 0)
                | (u.hidden() ? 2 : 0)
                | (u.browseOnly() ? 4 : 0)
                | (u.eulaAccepted() ? 8 : 0)
                | (u.mandatory() ? 16 : 0)
                | (u.beta() ? 32 : 0)
                | (u.bootstrapper() != null ? 64 : 0));
        out.writeCount(u.priority().value());
        out.writeCount(u.files().size());
        for (CatalogFile f : u.files()) {
            writeFile(out, f);
        }
        if (u.bootstrapper() != null) {
            writeFile(out, u.bootstrapper());
        }
        out.writeString(u.msrcSeverity());
        out.writeString(u.supportUrl());
        out.writeLong(
                u.lastDeploymentChangeTime() == null
                        ? Long.MIN_VALUE
                        : u.lastDeploymentChangeTime().toEpochMilli());
        out.writeString(u.deploymentAction());
        writeStrings(out, u.supersededUpdateIds());
        out.writeCount(u.bundled().size());
        for (CatalogUpdate b : u.bundled()) {
            writeUpdate(out, b, table);
        }
    }

    private static void writeFile(IndexOutput out, CatalogFile f) throws IOException {
        if (!f.mirrors().isEmpty()) {
            throw new IllegalStateException("a scan file's files have no mirrors");
        }
        out.writeString(f.name());
        out.writeString(f.urlText());
        out.writeLong(f.size());
        out.writeString(f.digestAlgorithm() == null ? "" : f.digestAlgorithm());
        out.writeBytes(f.digest());
        out.writeBytes(f.sha1Also());
    }

    private static void writeStrings(IndexOutput out, List<String> values) throws IOException {
        out.writeCount(values.size());
        for (String v : values) {
            out.writeString(v);
        }
    }

    /** The index in {@code file} if it is whole and for {@code sha256} and {@code language}; else null. */
    static ScanFileIndex readIfValid(Path file, String sha256, String language) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (InputStream raw = Files.newInputStream(file);
                IndexInput in = new IndexInput(raw)) {
            if (in.readLong() != MAGIC
                    || in.readCount(Integer.MAX_VALUE) != VERSION
                    || !in.readString(256).equals(sha256)
                    || !in.readString(256).equals(language)) {
                return null;
            }
            String creationDate = in.readString(256);
            int unplaced = in.readCount(MAX_UPDATES);
            int unplacedSuperseded = in.readCount(MAX_UPDATES);
            int categoryCount = in.readCount(MAX_UPDATES);
            List<CatalogCategory> categories = new ArrayList<>(categoryCount);
            for (int i = 0; i < categoryCount; i++) {
                categories.add(new CatalogCategory(
                        in.readString(MAX_STRING_BYTES), in.readString(MAX_STRING_BYTES), in.readString(256)));
            }
            int count = in.readCount(MAX_UPDATES);
            List<Entry> entries = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                boolean superseded = in.readByte() != 0;
                entries.add(new Entry(readUpdate(in, categories, 0), superseded));
            }
            if (in.readLong() != MAGIC || !in.atEnd()) {
                return null;
            }
            return new ScanFileIndex(
                    sha256, language, creationDate, List.copyOf(entries), unplaced, unplacedSuperseded);
        } catch (IOException | RuntimeException e) {
            return null; // not ours, or damaged: rebuilt from the scan file
        }
    }

    private static CatalogUpdate readUpdate(IndexInput in, List<CatalogCategory> table, int depth) throws IOException {
        if (depth > 1) {
            throw new IOException("bundles nested deeper than a scan file's"); // a bundle's children hold none
        }
        String id = in.readString(256);
        int revision = in.readCount(Integer.MAX_VALUE);
        CatalogUpdate.Builder b =
                CatalogUpdate.builder(id, in.readString(MAX_STRING_BYTES)).revision(revision);
        return readRest(in, b, table, depth);
    }

    private static CatalogUpdate readRest(
            IndexInput in, CatalogUpdate.Builder b, List<CatalogCategory> table, int depth) throws IOException {
        b.kb(readStrings(in));
        b.description(in.readString(MAX_STRING_BYTES));
        b.type(UpdateType.fromValue(in.readCount(16)));
        int categoryCount = in.readCount(MAX_ITEMS);
        for (int i = 0; i < categoryCount; i++) {
            int at = in.readCount(table.size() - 1);
            b.addCategory(table.get(at));
        }
        int flags = in.readByte();
        b.installed((flags & 1) != 0)
                .hidden((flags & 2) != 0)
                .browseOnly((flags & 4) != 0)
                .eulaAccepted((flags & 8) != 0)
                .mandatory((flags & 16) != 0)
                .beta((flags & 32) != 0);
        b.priority(DownloadPriority.fromValue(in.readCount(16)));
        int fileCount = in.readCount(MAX_ITEMS);
        for (int i = 0; i < fileCount; i++) {
            b.addFile(readFile(in));
        }
        if ((flags & 64) != 0) {
            b.bootstrapper(readFile(in));
        }
        b.msrcSeverity(in.readString(MAX_STRING_BYTES));
        b.supportUrl(in.readString(MAX_STRING_BYTES));
        long changed = in.readLong();
        b.lastDeploymentChangeTime(changed == Long.MIN_VALUE ? null : Instant.ofEpochMilli(changed));
        b.deploymentAction(in.readString(256));
        b.supersededUpdateIds(readStrings(in));
        int bundled = in.readCount(MAX_ITEMS);
        for (int i = 0; i < bundled; i++) {
            b.addBundled(readUpdate(in, table, depth + 1));
        }
        return b.build();
    }

    private static CatalogFile readFile(IndexInput in) throws IOException {
        String name = in.readString(MAX_STRING_BYTES);
        String url = in.readString(MAX_STRING_BYTES);
        long size = in.readLong();
        String algorithm = in.readString(64);
        byte[] digest = in.readBytes(64);
        byte[] sha1Also = in.readBytes(64);
        CatalogFile f = CatalogFile.ofUrlText(name, url, size, algorithm.isEmpty() ? null : algorithm, digest);
        return sha1Also == null ? f : f.withSha1Also(sha1Also);
    }

    private static List<String> readStrings(IndexInput in) throws IOException {
        int n = in.readCount(MAX_ITEMS);
        List<String> values = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            values.add(in.readString(MAX_STRING_BYTES));
        }
        return values;
    }
}
