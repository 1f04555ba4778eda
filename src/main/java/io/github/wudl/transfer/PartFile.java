package io.github.wudl.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Properties;

/**
 * The {@code .part} file of one key plus its {@code .meta} sidecar (validators of the bytes: ETag,
 * Last-Modified, the redacted source URL), used only while the key's {@link KeyLock} is held.
 *
 * <p>The part's length is the truth about progress: a resume re-hashes exactly the bytes present, so a part
 * cut short by kill -9 (or by the OS losing unsynced bytes) is still consistent. Writes are not fsynced.
 */
final class PartFile implements AutoCloseable {
    private final Path part;
    private final Path meta;
    private final FileChannel channel;
    private long length;
    private String etag;
    private String lastModified;
    private String source;

    private PartFile(Path part, Path meta, FileChannel channel, long length) {
        this.part = part;
        this.meta = meta;
        this.channel = channel;
        this.length = length;
    }

    static PartFile open(Path part, Path meta) throws IOException {
        FileChannel ch = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        PartFile p = new PartFile(part, meta, ch, ch.size());
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
     * Appends the buffer's remaining bytes at the end (consuming them). All or nothing: when a write fails
     * part-way (a full disk), the bytes it did write are cut off again, so the file never holds more than
     * {@link #length()} says — a resume re-hashes exactly the bytes that were hashed before.
     */
    void append(ByteBuffer buf) throws IOException {
        int len = buf.remaining();
        long at = length;
        try {
            while (buf.hasRemaining()) {
                at += channel.write(buf, at);
            }
        } catch (IOException e) {
            try {
                channel.truncate(length);
            } catch (IOException again) {
                e.addSuppressed(again);
            }
            throw e;
        }
        length += len;
    }

    /** Drops every byte and the validators: the next attempt starts from zero. */
    void truncate() throws IOException {
        channel.truncate(0);
        length = 0;
        etag = null;
        lastModified = null;
        source = null;
        Files.deleteIfExists(meta);
    }

    /** Records the validators of the response now feeding the file (written next to it, not fsynced). */
    void validators(String etag, String lastModified, String source) throws IOException {
        if (java.util.Objects.equals(etag, this.etag) && java.util.Objects.equals(lastModified, this.lastModified)
                && java.util.Objects.equals(source, this.source)) {
            return;
        }
        this.etag = etag;
        this.lastModified = lastModified;
        this.source = source;
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
        try (OutputStream out = Files.newOutputStream(tmp)) {
            p.store(out, "wudl partial download validators");
        }
        Files.move(tmp, meta, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Closes the file and renames it to {@code target} atomically; the sidecar goes away. */
    void publish(Path target) throws IOException {
        channel.close(); // Windows cannot rename an open file
        Files.createDirectories(target.getParent());
        Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Files.deleteIfExists(meta);
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // the bytes written so far stay; nothing else to release
        }
    }

    private void loadMeta() {
        if (!Files.isRegularFile(meta)) {
            return;
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(meta)) {
            p.load(in);
        } catch (IOException | IllegalArgumentException e) {
            return; // unreadable validators only cost a resume without If-Range
        }
        etag = p.getProperty("etag");
        lastModified = p.getProperty("lastModified");
        source = p.getProperty("source");
    }
}
