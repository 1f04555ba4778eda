package io.github.wudl.scanfile;

import io.github.wudl.catalog.CatalogCategory;
import io.github.wudl.catalog.CatalogFile;
import io.github.wudl.catalog.CatalogUpdate;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link ScanFileIndex} one update at a time, so that the first open of a scan file never holds the
 * file's content and its whole catalog at once: updates are encoded in chunks into a temporary file beside the
 * target, and {@link #finish} writes the header and the shared tables, appends the chunks, and moves the result
 * into place atomically (a reader sees the old index, the whole new one, or none). {@link #close} removes
 * whatever temporary file is left, finished or not.
 *
 * <p>Layout, read by {@link ScanFileIndex#readIfValid}: magic, version, SHA-256, language, creation date, the two
 * unplaced counts, the category table, the text table, the entry count, then chunks of at most {@link
 * ScanFileIndex#CHUNK} entries (count, length, bytes), and the magic again.
 */
final class ScanFileIndexWriter implements Closeable {
    private final Path target;
    private final String sha256;
    private final String language;
    private final Path chunkFile;
    private final IndexOutput chunks;
    private final Tables table = new Tables();
    private ByteArrayOutputStream chunkBytes;
    private IndexOutput chunk;
    private int inChunk;
    private int count;
    private Path temp;

    ScanFileIndexWriter(Path target, String sha256, String language) throws IOException {
        this.target = target;
        this.sha256 = sha256;
        this.language = language;
        Files.createDirectories(target.getParent());
        this.chunkFile =
                Files.createTempFile(target.getParent(), target.getFileName().toString(), ".chunks");
        this.chunks = new IndexOutput(Files.newOutputStream(chunkFile));
    }

    /** Adds one update of the catalog; {@code superseded} when another update of the file supersedes it. */
    void add(CatalogUpdate update, boolean superseded) throws IOException {
        if (chunk == null) {
            chunkBytes = new ByteArrayOutputStream(1 << 20);
            chunk = new IndexOutput(chunkBytes);
        }
        table.collect(update);
        chunk.writeByte(superseded ? 1 : 0);
        writeUpdate(chunk, update, table);
        count++;
        if (++inChunk == ScanFileIndex.CHUNK) {
            endChunk();
        }
    }

    private void endChunk() throws IOException {
        if (chunk == null) {
            return;
        }
        chunk.close();
        chunks.writeCount(inChunk);
        chunks.writeBytes(chunkBytes.toByteArray());
        chunk = null;
        chunkBytes = null;
        inChunk = 0;
    }

    /**
     * Writes the whole index to the target, with the scan file's CreationDate and the counts of updates left out
     * because a file of theirs has no place.
     */
    void finish(String creationDate, int unplaced, int unplacedSuperseded) throws IOException {
        endChunk();
        chunks.close();
        temp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
        try (OutputStream file = Files.newOutputStream(temp)) {
            try (IndexOutput out = new IndexOutput(new NotClosing(file))) {
                out.writeLong(ScanFileIndex.MAGIC);
                out.writeCount(ScanFileIndex.VERSION);
                out.writeString(sha256);
                out.writeString(language);
                out.writeString(creationDate);
                out.writeCount(unplaced);
                out.writeCount(unplacedSuperseded);
                out.writeCount(table.categories.size());
                for (CatalogCategory c : table.categories) {
                    out.writeString(c.id());
                    out.writeString(c.name());
                    out.writeString(c.type());
                }
                out.writeCount(table.texts.size());
                for (String text : table.texts) {
                    out.writeString(text);
                }
                out.writeCount(count);
            }
            Files.copy(chunkFile, file);
            try (IndexOutput out = new IndexOutput(new NotClosing(file))) {
                out.writeLong(ScanFileIndex.MAGIC); // the end: a file cut short never reads as whole
            }
        }
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            chunks.close();
        } finally {
            Files.deleteIfExists(chunkFile);
            if (temp != null) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /** Lets an {@link IndexOutput} flush into a file that goes on being written after it. */
    private static final class NotClosing extends java.io.FilterOutputStream {
        NotClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

    /** The shared tables of one index as it is written. */
    private static final class Tables {
        final Map<CatalogCategory, Integer> categoryIndex = new HashMap<>();
        final List<CatalogCategory> categories = new ArrayList<>();
        final Map<String, Integer> textIndex = new HashMap<>();
        final List<String> texts = new ArrayList<>();

        void collect(CatalogUpdate u) {
            for (CatalogCategory c : u.categories()) {
                if (categoryIndex.putIfAbsent(c, categories.size()) == null) {
                    categories.add(c);
                }
            }
            for (String text : List.of(u.description(), u.supportUrl(), u.msrcSeverity(), u.deploymentAction())) {
                if (textIndex.putIfAbsent(text, texts.size()) == null) {
                    texts.add(text);
                }
            }
            u.bundled().forEach(this::collect);
        }

        int category(CatalogCategory c) {
            return categoryIndex.get(c);
        }

        int text(String text) {
            return textIndex.get(text);
        }
    }

    private static void writeUpdate(IndexOutput out, CatalogUpdate u, Tables table) throws IOException {
        out.writeString(u.id());
        out.writeCount(u.revision());
        out.writeString(u.title());
        writeStrings(out, u.kb());
        out.writeCount(table.text(u.description()));
        out.writeCount(u.type().value());
        out.writeCount(u.categories().size());
        for (CatalogCategory c : u.categories()) {
            out.writeCount(table.category(c));
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
        out.writeCount(table.text(u.msrcSeverity()));
        out.writeCount(table.text(u.supportUrl()));
        out.writeLong(
                u.lastDeploymentChangeTime() == null
                        ? Long.MIN_VALUE
                        : u.lastDeploymentChangeTime().toEpochMilli());
        out.writeCount(table.text(u.deploymentAction()));
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
}
