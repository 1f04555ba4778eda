package io.github.wudl.scanfile;

import io.github.wudl.catalog.Catalog;
import io.github.wudl.catalog.CatalogCategory;
import io.github.wudl.catalog.CatalogFile;
import io.github.wudl.catalog.CatalogUpdate;
import io.github.wudl.wua.DownloadPriority;
import io.github.wudl.wua.UpdateType;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
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
    static final long MAGIC = 0x5755_444c_5343_4e32L; // "WUDLSCN2"
    static final int VERSION = 4;
    private static final int MAX_STRING_BYTES = ScanXml.MAX_VALUE_CHARS * 4;
    private static final int MAX_ITEMS = PackageXml.MAX_REFERENCES;
    private static final int MAX_UPDATES = 10_000_000;
    /** Entries per chunk: each chunk is decoded on its own, in parallel with the others. */
    static final int CHUNK = 2048;

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
        try (ScanFileIndexWriter out = new ScanFileIndexWriter(target, sha256, language)) {
            for (Entry e : entries) {
                out.add(e.update(), e.superseded());
            }
            out.finish(creationDate, unplaced, unplacedSuperseded);
        }
    }

    /** The shared tables of one index as it is read. */
    private record ReadTables(List<CatalogCategory> categories, List<String> texts) {
        String text(IndexInput in) throws IOException {
            return texts.get(in.readCount(texts.size() - 1));
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
            int textCount = in.readCount(MAX_UPDATES);
            List<String> texts = new ArrayList<>(Math.min(textCount, 1 << 16));
            for (int i = 0; i < textCount; i++) {
                texts.add(in.readString(MAX_STRING_BYTES));
            }
            ReadTables tables = new ReadTables(List.copyOf(categories), List.copyOf(texts));
            int count = in.readCount(MAX_UPDATES);
            List<Entry> entries = readEntries(in, count, tables, Files.size(file));
            if (in.readLong() != MAGIC || !in.atEnd()) {
                return null;
            }
            return new ScanFileIndex(
                    sha256, language, creationDate, List.copyOf(entries), unplaced, unplacedSuperseded);
        } catch (IOException | RuntimeException e) {
            return null; // not ours, or damaged: rebuilt from the scan file
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * The entries, chunk by chunk: this thread reads each chunk's bytes and the pool decodes them, a few chunks
     * at a time (decoding is most of a later open, and build agents have more than one core).
     */
    private static List<Entry> readEntries(IndexInput in, int count, ReadTables table, long fileSize)
            throws IOException, InterruptedException {
        int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "wudl-index-read");
            t.setDaemon(true);
            return t;
        });
        try {
            Semaphore inFlight = new Semaphore(threads * 2); // bounds the chunk bytes held at once
            List<Future<List<Entry>>> parts = new ArrayList<>();
            int read = 0;
            while (read < count) {
                int n = in.readCount(Math.min(CHUNK, count - read));
                if (n == 0) {
                    throw new IOException("an empty chunk in the index");
                }
                byte[] bytes = in.readBytes((int) Math.min(Integer.MAX_VALUE - 8, fileSize));
                if (bytes == null) {
                    throw new IOException("a chunk of no bytes in the index");
                }
                read += n;
                inFlight.acquire();
                parts.add(pool.submit(() -> {
                    try {
                        return decode(bytes, n, table);
                    } finally {
                        inFlight.release();
                    }
                }));
            }
            List<Entry> entries = new ArrayList<>(count);
            for (Future<List<Entry>> part : parts) {
                try {
                    entries.addAll(part.get());
                } catch (ExecutionException e) {
                    throw new IOException("a chunk of the index does not decode", e.getCause());
                }
            }
            return entries;
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<Entry> decode(byte[] bytes, int n, ReadTables table) throws IOException {
        IndexInput in = new IndexInput(bytes);
        List<Entry> entries = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            boolean superseded = in.readByte() != 0;
            entries.add(new Entry(readUpdate(in, table, 0), superseded));
        }
        if (!in.atEnd()) {
            throw new IOException("a chunk of the index holds more than its entries");
        }
        return entries;
    }

    private static CatalogUpdate readUpdate(IndexInput in, ReadTables table, int depth) throws IOException {
        if (depth > 1) {
            throw new IOException("bundles nested deeper than a scan file's"); // a bundle's children hold none
        }
        String id = in.readString(256);
        int revision = in.readCount(Integer.MAX_VALUE);
        CatalogUpdate.Builder b =
                CatalogUpdate.builder(id, in.readString(MAX_STRING_BYTES)).revision(revision);
        return readRest(in, b, table, depth);
    }

    private static CatalogUpdate readRest(IndexInput in, CatalogUpdate.Builder b, ReadTables table, int depth)
            throws IOException {
        b.kb(readStrings(in));
        b.description(table.text(in));
        b.type(UpdateType.fromValue(in.readCount(16)));
        int categoryCount = in.readCount(MAX_ITEMS);
        for (int i = 0; i < categoryCount; i++) {
            b.addCategory(table.categories().get(in.readCount(table.categories().size() - 1)));
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
        b.msrcSeverity(table.text(in));
        b.supportUrl(table.text(in));
        long changed = in.readLong();
        b.lastDeploymentChangeTime(changed == Long.MIN_VALUE ? null : Instant.ofEpochMilli(changed));
        b.deploymentAction(table.text(in));
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
