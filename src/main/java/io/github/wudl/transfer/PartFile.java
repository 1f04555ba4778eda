package io.github.wudl.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Properties;
import java.util.Set;

/**
 * The {@code .part} file of one key plus its {@code .meta} sidecar (validators of the bytes: ETag,
 * Last-Modified, the redacted source URL), used only while the key's {@link KeyLock} is held.
 *
 * <p>The sidecar is written only once the part holds {@value #META_AFTER} bytes, or when a transfer that was
 * not cancelled ends unfinished ({@link #keepValidators}): most files are small and complete in one response,
 * and two file creations per file were a large share of the time 300 small files took. A part that a kill -9
 * left without a sidecar resumes without If-Range, and the digest check at the end catches a file that changed
 * meanwhile (which earns a fresh try).
 * A file without a digest ({@code --allow-unverified}) has nothing to catch that with, so its part is opened
 * with {@code eagerMeta} and gets its sidecar before its first byte, as every part did before.
 *
 * <p>The part's length is the truth about progress: a resume re-hashes exactly the bytes present, so a part
 * cut short by kill -9 (or by the OS losing unsynced bytes) is still consistent. Writes are not fsynced.
 *
 * <p>Direct writes: after {@link #useDirectWrites()}, whole aligned blocks go to a second channel opened
 * with {@code O_DIRECT} (ExtendedOpenOption.DIRECT), bypassing the page cache; anything unaligned (a resume
 * point, the last bytes) goes through the ordinary channel. Measured on the 2-core build machine: writing
 * 2 GiB through the page cache cost 3.1 s of CPU (the copy into freshly allocated cache pages), about what
 * reading and hashing cost together, while direct writes of 1 MiB blocks ran at 1.4 GB/s with almost no
 * CPU. A file system that refuses direct I/O (at open or at the first write) silently gets buffered writes
 * for the rest of this part's life; {@code -Dwudl.io.direct=false} turns direct writes off. Before a direct
 * write that follows buffered ones (after a resume point or a slow-link flush), the buffered bytes are synced
 * to disk, so that a crash of the OS cannot keep the later direct blocks and lose the earlier buffered ones.
 */
final class PartFile implements AutoCloseable {
    private final CacheFiles files;
    private final Path part;
    private final Path meta;
    private final FileChannel channel;
    /** The O_DIRECT channel while direct writes are on, else null. */
    private FileChannel direct;

    private int alignment;
    /** A direct write failed on this file: do not try again. */
    private boolean directRefused;
    /** Bytes went through the page cache since the last sync: sync before the next direct write. */
    private boolean bufferedSinceSync;
    /** Write the sidecar with the first validators rather than from {@link #META_AFTER} bytes on. */
    private final boolean eagerMeta;

    private long length;
    private String etag;
    private String lastModified;
    private String source;
    /** The sidecar file exists (and then holds the validators above once they were set). */
    private boolean metaOnDisk;

    private boolean published;
    /** The opened file's identity (device and inode), to tell it from a file put at its name since; or null. */
    private final Object fileKey;

    /** From this many bytes on, the validators are worth a file of their own. */
    static final long META_AFTER = 1 << 20;

    private PartFile(CacheFiles files, Path part, Path meta, FileChannel channel, long length, boolean eagerMeta)
            throws IOException {
        this.files = files;
        this.part = part;
        this.meta = meta;
        this.channel = channel;
        this.length = length;
        this.eagerMeta = eagerMeta;
        BasicFileAttributes a = CacheFiles.attributes(part);
        this.fileKey = a == null ? null : a.fileKey();
    }

    /**
     * The name still holds the file this part opened, with no other name: a second channel opened by name, or
     * a rename of the name, then reaches these bytes and no file planted in their place (a hard link to a file
     * outside the cache would be written into, or published unverified).
     */
    private boolean nameStillHoldsIt() {
        try {
            BasicFileAttributes a = CacheFiles.attributes(part);
            return a != null
                    && a.isRegularFile()
                    && (fileKey == null || fileKey.equals(a.fileKey()))
                    && CacheFiles.linkCount(part) == 1;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Opens (creating) the part, never through a link: a link or special file in its place is removed and
     * reported through {@code files} (see {@link CacheFiles}). {@code eagerMeta}: the sidecar is written with
     * the first validators (for files without a digest).
     */
    static PartFile open(CacheFiles files, Path part, Path meta, boolean eagerMeta) throws IOException {
        FileChannel ch =
                files.open(part, Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE));
        PartFile p = new PartFile(files, part, meta, ch, ch.size(), eagerMeta);
        p.loadMeta();
        return p;
    }

    Path path() {
        return part;
    }

    long length() {
        return length;
    }

    String etag() {
        return etag;
    }

    String lastModified() {
        return lastModified;
    }

    /** The redacted URL the present bytes came from, or null. */
    String source() {
        return source;
    }

    /**
     * Turns direct writes on when the file system allows them; returns the block alignment they need (the
     * caller's buffers, their sizes and the file positions it writes at should be multiples of it), or 0 when
     * they stay off. Idempotent.
     */
    int useDirectWrites() {
        if (direct != null) {
            return alignment;
        }
        if (directRefused || DirectIo.OPTION == null || "false".equals(System.getProperty("wudl.io.direct"))) {
            return 0;
        }
        try {
            long block = Files.getFileStore(part).getBlockSize();
            int align = (int) Math.max(4096, block);
            if (block > 64 * 1024 || Long.bitCount(block) != 1) {
                return 0; // an odd block size: not worth the risk
            }
            direct = FileChannel.open(
                    part, Set.of(StandardOpenOption.WRITE, DirectIo.OPTION, LinkOption.NOFOLLOW_LINKS));
            if (!nameStillHoldsIt()) { // opened by name: it must be the same file, not one put there since
                closeDirect();
                directRefused = true;
                return 0;
            }
            alignment = align;
            return align;
        } catch (IOException | RuntimeException | LinkageError e) {
            return 0; // no O_DIRECT here (tmpfs before Linux 6.6, some network file systems): buffered writes
        }
    }

    /**
     * Appends the buffer's remaining bytes at the end (consuming them). All or nothing: when a write fails
     * part-way (a full disk), the bytes it did write are cut off again, so the file never holds more than
     * {@link #length()} says — a resume re-hashes exactly the bytes that were hashed before. A direct write
     * that fails is retried once through the page cache, and direct writes stay off for this file.
     */
    void append(ByteBuffer buf) throws IOException {
        int len = buf.remaining();
        int start = buf.position();
        boolean done = false;
        if (direct != null && directFits(buf)) {
            try {
                if (bufferedSinceSync) {
                    channel.force(false);
                    bufferedSinceSync = false;
                }
                write(direct, buf);
                done = true;
            } catch (IOException e) {
                closeDirect();
                directRefused = true;
                buf.position(start); // cut off again by write(); the ordinary channel tries the same bytes
            }
        }
        if (!done) {
            write(channel, buf);
            bufferedSinceSync = true;
        }
        length += len;
    }

    /**
     * Only native buffers: for a heap buffer the JDK would copy into an aligned temporary buffer that its
     * per-thread buffer cache later fails to free (a NullPointerException in JDK 17's IOUtil).
     */
    private boolean directFits(ByteBuffer buf) {
        return buf.isDirect()
                && length % alignment == 0
                && buf.remaining() % alignment == 0
                && buf.alignmentOffset(buf.position(), alignment) == 0;
    }

    private void write(FileChannel ch, ByteBuffer buf) throws IOException {
        long at = length;
        try {
            while (buf.hasRemaining()) {
                at += ch.write(buf, at);
            }
        } catch (IOException e) {
            try {
                channel.truncate(length);
            } catch (IOException again) {
                e.addSuppressed(again);
            }
            throw e;
        }
    }

    /** Direct writes are on (for tests). */
    boolean writesDirect() {
        return direct != null;
    }

    /** Closes the O_DIRECT channel only, as a failing file system would: for tests of the fallback. */
    void breakDirectChannelForTest() throws IOException {
        if (direct != null) {
            direct.close();
        }
    }

    private void closeDirect() {
        FileChannel d = direct;
        direct = null;
        if (d != null) {
            try {
                d.close();
            } catch (IOException ignored) {
                // writes go through the ordinary channel from now on
            }
        }
    }

    /** Drops every byte and the validators: the next attempt starts from zero. */
    void truncate() throws IOException {
        channel.truncate(0);
        length = 0;
        etag = null;
        lastModified = null;
        source = null;
        if (metaOnDisk) {
            Files.deleteIfExists(meta);
            metaOnDisk = false;
        }
    }

    /**
     * Records the validators of the response now feeding the file: in memory, and in the sidecar (not
     * fsynced) when one exists already, else once it is due (see the class comment).
     */
    void validators(String etag, String lastModified, String source) throws IOException {
        if (java.util.Objects.equals(etag, this.etag)
                && java.util.Objects.equals(lastModified, this.lastModified)
                && java.util.Objects.equals(source, this.source)) {
            return;
        }
        this.etag = etag;
        this.lastModified = lastModified;
        this.source = source;
        if (metaOnDisk || eagerMeta || length >= META_AFTER) {
            storeMeta();
        }
    }

    private void storeMeta() throws IOException {
        Properties p = new Properties();
        if (etag != null) {
            p.setProperty("etag", etag);
        }
        if (lastModified != null) {
            p.setProperty("lastModified", lastModified);
        }
        if (source != null) {
            p.setProperty("source", source);
        }
        Path tmp = meta.resolveSibling(meta.getFileName() + ".tmp");
        // a link there is removed, never written through
        try (OutputStream out = Channels.newOutputStream(files.open(
                tmp,
                Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)))) {
            p.store(out, "wudl partial download validators");
        }
        Files.move(tmp, meta, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        metaOnDisk = true;
    }

    /** Closes the file and renames it to {@code target} atomically; the sidecar goes away. */
    void publish(Path target) throws IOException {
        closeDirect();
        channel.close(); // Windows cannot rename an open file
        files.ensureDirectory(target.getParent()); // its folders are real ones, so the rename stays in the cache
        if (!nameStillHoldsIt()) { // replaced by something else since it was opened: never publish that
            throw new IOException("the partial file " + part + " was replaced while it was being written; check"
                    + " who else writes in the cache");
        }
        files.checkRegularOrAbsent(target);
        Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        published = true;
        if (metaOnDisk) {
            Files.deleteIfExists(meta);
            metaOnDisk = false;
        }
    }

    /**
     * Writes the sidecar now if the part has none yet (best effort): when the transfer has received
     * {@link #META_AFTER} bytes, or ends unfinished. Called by the worker thread, like {@link #validators}.
     */
    void keepValidators() {
        if (!published && !metaOnDisk && (etag != null || lastModified != null)) {
            try {
                storeMeta();
            } catch (IOException ignored) {
                // only costs the next run a resume without If-Range
            }
        }
    }

    /** Closes the file; an unfinished one keeps its bytes. */
    @Override
    public void close() {
        closeDirect();
        try {
            channel.close();
        } catch (IOException ignored) {
            // the bytes written so far stay; nothing else to release
        }
    }

    private void loadMeta() {
        try {
            files.checkRegularOrAbsent(meta); // a link is removed (and reported), never read through
        } catch (IOException e) {
            return;
        }
        if (!CacheFiles.isRegularFile(meta)) {
            return;
        }
        metaOnDisk = true;
        Properties p = new Properties();
        try (InputStream in = Channels.newInputStream(CacheFiles.openForRead(meta))) {
            p.load(in);
        } catch (IOException | IllegalArgumentException e) {
            return; // unreadable validators only cost a resume without If-Range
        }
        etag = p.getProperty("etag");
        lastModified = p.getProperty("lastModified");
        source = p.getProperty("source");
    }
}
