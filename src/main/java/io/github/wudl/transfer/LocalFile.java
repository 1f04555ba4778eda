package io.github.wudl.transfer;

import io.github.wudl.wua.HResult;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * A content file of a bundle folder, fetched like a download: a {@code file:} URI that the catalog layer made
 * for a relative path inside the folder of a catalog read from disk (never a URL a catalog wrote, never a
 * redirect's target). It answers as a server that honours ranges would, so resuming, the size check and the
 * digest work as for HTTP, and the bytes land in the cache only once verified.
 *
 * <p>Refused, as a source failure that is not retried and names the file: a path with a symbolic link anywhere
 * in it (the catalog layer resolved the folder's own links, so a link here was put inside the bundle), anything
 * but a regular file (a FIFO would block, a device never end), a file that is missing.
 */
final class LocalFile implements Response {
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private final int status;
    private final long length;
    private final String contentRange;
    private final String lastModified;
    private final FileBody body;

    private LocalFile(int status, long length, String contentRange, String lastModified, FileBody body) {
        this.status = status;
        this.length = length;
        this.contentRange = contentRange;
        this.lastModified = lastModified;
        this.body = body;
    }

    static boolean isLocal(URI uri) {
        return "file".equalsIgnoreCase(uri.getScheme());
    }

    /**
     * Opens the file of {@code uri} and answers the GET with {@code headers} ({@code Range: bytes=N-} and
     * {@code If-Range} are honoured; a validator that differs from the file's date gets the whole file).
     */
    static Response get(URI uri, Map<String, String> headers, Http.Abort abort) throws AttemptFailure {
        Path path;
        try {
            path = Path.of(uri);
        } catch (IllegalArgumentException e) {
            throw refused(uri.toString(), "is not a local file path");
        }
        BasicFileAttributes attributes;
        try {
            if (!path.toRealPath().equals(path)) {
                throw refused(
                        path.toString(),
                        "is a symbolic link or lies under one inside the bundle; wudl follows"
                                + " no links there, so replace the link by the file itself");
            }
            attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw new AttemptFailure(
                    AttemptFailure.Kind.SOURCE,
                    HResult.WU_E_PT_HTTP_STATUS_NOT_FOUND,
                    "the bundle has no file " + path + "; copy the bundle again, whole, or check it with"
                            + " wudl bundle --verify");
        } catch (IOException e) {
            throw refused(path.toString(), "cannot be read (" + e.getMessage() + ")");
        }
        if (!attributes.isRegularFile()) {
            throw refused(path.toString(), "is not a regular file; a bundle holds plain files only");
        }
        String date = HTTP_DATE.format(
                Instant.ofEpochMilli(attributes.lastModifiedTime().toMillis()));
        long size = attributes.size();
        long offset = rangeStart(headers.get("Range"));
        String ifRange = headers.get("If-Range");
        if (offset > 0 && ifRange != null && !ifRange.equals(date)) {
            offset = 0; // the file changed since the part was written: all of it, as a server would send
        }
        if (offset >= size && offset > 0) {
            return new LocalFile(416, 0, "bytes */" + size, date, FileBody.empty());
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            channel.position(offset);
        } catch (IOException e) {
            throw refused(path.toString(), "cannot be opened (" + e.getMessage() + ")");
        }
        FileBody body = new FileBody(channel);
        abort.body(body);
        return offset > 0
                ? new LocalFile(206, size - offset, "bytes " + offset + "-" + (size - 1) + "/" + size, date, body)
                : new LocalFile(200, size, null, date, body);
    }

    private static long rangeStart(String range) {
        if (range == null || !range.matches("bytes=[0-9]{1,18}-")) {
            return 0;
        }
        return Long.parseLong(range.substring(6, range.length() - 1));
    }

    private static AttemptFailure refused(String path, String why) {
        return new AttemptFailure(
                AttemptFailure.Kind.SOURCE, HResult.E_ACCESSDENIED, "the bundle file " + path + " " + why);
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public String header(String name) {
        if (name.equalsIgnoreCase("Content-Range")) {
            return contentRange;
        }
        if (name.equalsIgnoreCase("Last-Modified")) {
            return lastModified;
        }
        if (name.equalsIgnoreCase("Content-Length")) {
            return Long.toString(length);
        }
        return null;
    }

    @Override
    public long contentLength() {
        return length;
    }

    @Override
    public Body body() {
        return body;
    }

    /** The file's bytes from the position the channel was opened at; abort closes the channel. */
    private static final class FileBody implements Body {
        private final FileChannel channel;
        private volatile boolean aborted;

        FileBody(FileChannel channel) {
            this.channel = channel;
        }

        static FileBody empty() {
            return new FileBody(null);
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            if (aborted) {
                throw new ClosedChannelException();
            }
            return channel == null ? -1 : channel.read(dst);
        }

        @Override
        public boolean prefersDirect() {
            return true;
        }

        @Override
        public void abort() {
            aborted = true;
            close();
        }

        @Override
        public boolean readsPast(Duration grace) {
            return false; // a file grows only if someone writes it now; the digest decides either way
        }

        @Override
        public void close() {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException e) {
                    // nothing was written through it
                }
            }
        }
    }
}
