package io.github.wudl.transfer;

import io.github.wudl.wua.Redaction;
import java.io.EOFException;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One answer read by {@link RawHttp}: status line and headers parsed from the socket, then the body as a
 * {@link Body} — Content-Length, chunked, or up to the connection's end. Bytes that arrived with the headers
 * are handed out first; after that a Content-Length body is read straight into the caller's buffer.
 */
final class RawResponse implements Response, Body {
    /** Longest line of a head, status line included; a longer one is refused. */
    static final int LINE_LIMIT = 16 * 1024;
    /** Interim (1xx) answers skipped before the final one; more is refused. */
    private static final int MAX_INTERIM = 8;
    /** Longest chunk-size line (with its extensions). */
    private static final int CHUNK_LINE_LIMIT = 4096;

    /** Where the connection goes back to when its answer was read to the end. */
    private final RawHttp pool;

    private final SocketChannel ch;
    private final String origin;
    private final URI uri;
    /** Header bytes and whatever body bytes came with them; later the read-ahead of a chunked body. */
    private final ByteBuffer head = ByteBuffer.allocateDirect(RawHttp.headLimit());

    private RawHead parsed;
    private int status;
    private long remaining = -1;
    private boolean chunked;
    private long chunkLeft;
    /** The current chunk's data has been read; its CRLF has not. */
    private boolean chunkDataEnded;
    /** Some byte of the answer has arrived (a connection that ends before that is stale, not broken). */
    private boolean anyByte;

    private boolean keepAlive = true;
    private boolean atEnd;
    private boolean closed;
    private volatile boolean aborted;

    RawResponse(RawHttp pool, SocketChannel ch, String origin, URI uri) {
        this.pool = pool;
        this.ch = ch;
        this.origin = origin;
        this.uri = uri;
        head.flip(); // read mode, empty
    }

    /**
     * Reads the status line and headers, skipping interim (1xx) answers; StaleConnection when the connection
     * ends before any byte, a {@link RawHttp.Malformed} for a head that breaks the rules of {@link RawHead}.
     * Lines may end in CRLF or a bare LF (RFC 9112 §2.2); a bare CR elsewhere is refused.
     */
    void readHead() throws IOException {
        for (int interim = 0; ; interim++) {
            List<String> lines = new ArrayList<>();
            int bytes = 0;
            while (true) {
                String line = headLine();
                bytes += line.length() + 2;
                if (bytes > RawHttp.headLimit()) {
                    throw new RawHttp.Malformed(
                            where(), "sent response headers of more than " + RawHttp.headLimit() + " bytes");
                }
                if (line.isEmpty() && !lines.isEmpty()) {
                    break;
                }
                if (lines.size() > RawHead.MAX_FIELDS) {
                    throw new RawHttp.Malformed(where(), "sent more than " + RawHead.MAX_FIELDS + " header lines");
                }
                if (!line.isEmpty()) { // RFC 9112 §2.2: empty lines before the status line are ignored
                    lines.add(line);
                }
            }
            int code = RawHead.status(lines.get(0), where());
            if (code / 100 != 1) {
                parsed = RawHead.parse(lines, where());
                break;
            }
            if (code == 101) {
                throw new RawHttp.Malformed(where(), "switched protocols (HTTP 101), which wudl never asks for");
            }
            if (interim >= MAX_INTERIM) {
                throw new RawHttp.Malformed(where(), "sent more than " + MAX_INTERIM + " interim (1xx) answers");
            }
        }
        status = parsed.status;
        keepAlive = parsed.keepAlive;
        chunked = parsed.chunked;
        remaining = chunked ? -1 : parsed.contentLength;
        if (status == 204 || status == 304) {
            remaining = 0;
        }
    }

    /** The server as messages name it. */
    private String where() {
        return Redaction.uri(uri);
    }

    /** One line of a head: at most {@link #LINE_LIMIT} bytes, CRLF or LF stripped; EOF is stale or broken. */
    private String headLine() throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (!head.hasRemaining() && fillHead() < 0) {
                if (!anyByte) {
                    throw new RawHttp.StaleConnection();
                }
                throw new EOFException("the connection to " + where() + " ended inside the response headers");
            }
            anyByte = true;
            byte b = head.get();
            if (b == '\n') {
                return endOfLine(sb, "a header line");
            }
            if (sb.length() >= LINE_LIMIT) {
                throw new RawHttp.Malformed(where(), "sent a header line longer than " + LINE_LIMIT + " bytes");
            }
            sb.append((char) (b & 0xff));
        }
    }

    /** The line without its CR; a CR or NUL anywhere else in it is refused (RFC 9112 §2.2). */
    private String endOfLine(StringBuilder sb, String what) throws RawHttp.Malformed {
        int len = sb.length();
        if (len > 0 && sb.charAt(len - 1) == '\r') {
            sb.setLength(--len);
        }
        for (int i = 0; i < len; i++) {
            char c = sb.charAt(i);
            if (c == '\r' || c == 0) {
                throw new RawHttp.Malformed(where(), "sent " + what + " with a bare CR or NUL in it");
            }
        }
        return sb.toString();
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public String header(String name) {
        return parsed == null ? null : parsed.first.get(name.toLowerCase(Locale.ROOT));
    }

    @Override
    public long contentLength() {
        return parsed == null ? -1 : parsed.contentLength;
    }

    /** Whether any byte of an answer came: a pooled connection that fails before that may be retried. */
    boolean anyByte() {
        return anyByte;
    }

    @Override
    public Body body() {
        return this;
    }

    @Override
    public boolean prefersDirect() {
        return true;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (aborted) {
            throw new IOException("aborted");
        }
        if (atEnd || !dst.hasRemaining()) {
            return atEnd ? -1 : 0;
        }
        int n = chunked ? readChunked(dst) : readPlain(dst);
        if (aborted) {
            throw new IOException("aborted");
        }
        return n;
    }

    private int readPlain(ByteBuffer dst) throws IOException {
        if (remaining == 0) {
            atEnd = true;
            return -1;
        }
        int max = remaining > 0 ? (int) Math.min(dst.remaining(), remaining) : dst.remaining();
        int n;
        if (head.hasRemaining()) {
            n = Math.min(max, head.remaining());
            ByteBuffer slice = head.slice();
            slice.limit(n);
            dst.put(slice);
            head.position(head.position() + n);
        } else {
            int limit = dst.limit();
            dst.limit(dst.position() + max);
            try {
                n = readChannel(dst);
            } finally {
                dst.limit(limit);
            }
            if (n < 0) {
                atEnd = true;
                keepAlive = keepAlive && remaining == 0;
                if (remaining > 0) {
                    keepAlive = false;
                }
                return -1;
            }
        }
        if (remaining > 0) {
            remaining -= n;
        }
        return n;
    }

    private int readChunked(ByteBuffer dst) throws IOException {
        if (chunkLeft == 0) {
            if (chunkDataEnded) {
                // the CRLF after the previous chunk's data: read only now, so a server holding right after the
                // data cannot block the read that delivered it
                chunkDataEnded = false;
                if (!chunkLine(true).isEmpty()) {
                    throw new RawHttp.Malformed(where(), "sent a chunk whose data is not followed by CRLF");
                }
            }
            chunkLeft = chunkSize(chunkLine(true));
            if (chunkLeft == 0) {
                trailers();
                atEnd = true;
                return -1;
            }
        }
        if (!head.hasRemaining() && fillHead() < 0) {
            throw new EOFException("the connection to " + where() + " ended inside a chunk");
        }
        int n = (int) Math.min(Math.min(dst.remaining(), head.remaining()), chunkLeft);
        ByteBuffer slice = head.slice();
        slice.limit(n);
        dst.put(slice);
        head.position(head.position() + n);
        chunkLeft -= n;
        chunkDataEnded = chunkLeft == 0;
        return n;
    }

    /**
     * The size of a chunk-size line: hex digits (any case, leading zeros allowed), then optional whitespace and
     * extensions after a ';' (ignored). Anything else ("+5", "0x5", " 5", an empty line, a size of 2^60 or more) is
     * refused: a lenient reading here is how a second answer gets smuggled into a body.
     */
    private long chunkSize(String line) throws RawHttp.Malformed {
        long size = 0;
        int i = 0;
        for (; i < line.length(); i++) {
            char c = line.charAt(i);
            int d = c >= '0' && c <= '9'
                    ? c - '0'
                    : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (d < 0) {
                break;
            }
            if (size >= 1L << 56) {
                throw new RawHttp.Malformed(
                        where(), "sent a chunk size that overflows ('" + RawHead.shorten(line) + "')");
            }
            size = (size << 4) | d;
        }
        int rest = i;
        while (rest < line.length() && (line.charAt(rest) == ' ' || line.charAt(rest) == '\t')) {
            rest++;
        }
        if (i == 0 || (rest < line.length() && line.charAt(rest) != ';')) {
            throw new RawHttp.Malformed(where(), "sent a malformed chunk size line '" + RawHead.shorten(line) + "'");
        }
        return size;
    }

    /**
     * The trailer section after the last chunk, read and ignored, but bounded: endless trailers must not read for
     * ever. A connection that ends inside it has delivered every byte of the body (RFC 9112 §7.1 says the message
     * is complete once the last chunk arrived), so that is the body's end, but the connection is not reused.
     */
    private void trailers() throws IOException {
        long bytes = 0;
        for (String t = chunkLine(false); !t.isEmpty(); t = chunkLine(false)) {
            bytes += t.length() + 2;
            if (bytes > RawHttp.headLimit()) {
                throw new RawHttp.Malformed(where(), "sent trailers of more than " + RawHttp.headLimit() + " bytes");
            }
        }
    }

    /**
     * One line of a chunked body from the read-ahead buffer. At the connection's end: an EOFException when
     * {@code required}, else an empty line (the end of the trailers) and no keep-alive.
     */
    private String chunkLine(boolean required) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (!head.hasRemaining() && fillHead() < 0) {
                if (required) {
                    throw new EOFException("the connection to " + where() + " ended inside a chunked body");
                }
                keepAlive = false;
                return "";
            }
            byte b = head.get();
            if (b == '\n') {
                return endOfLine(sb, "a chunk line");
            }
            if (sb.length() >= CHUNK_LINE_LIMIT) {
                throw new RawHttp.Malformed(where(), "sent a chunk line longer than " + CHUNK_LINE_LIMIT + " bytes");
            }
            sb.append((char) (b & 0xff));
        }
    }

    private int fillHead() throws IOException {
        head.clear();
        int n = readChannel(head);
        head.flip();
        return n;
    }

    private int readChannel(ByteBuffer dst) throws IOException {
        int n;
        do {
            n = ch.read(dst);
        } while (n == 0 && dst.hasRemaining());
        return n;
    }

    /**
     * Whether the body goes on past the bytes read so far. A body whose framing says it has ended answers at
     * once; otherwise one read, which a server holding the connection open can make last at most {@code grace}
     * (then the channel is closed and the answer is no).
     */
    @Override
    public boolean readsPast(Duration grace) {
        if (atEnd || (!chunked && remaining == 0 && !head.hasRemaining())) {
            return false;
        }
        Watchdog.Watch watch = Watchdog.watch(grace, this::abort);
        try {
            return read(ByteBuffer.allocate(1)) > 0;
        } catch (IOException e) {
            return false;
        } finally {
            watch.close();
        }
    }

    /** Closes the channel: a blocked read ends at once. Any thread. */
    @Override
    public void abort() {
        aborted = true;
        closeQuietly(ch);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        // bytes past the body's end (a pipelined answer nobody asked for) mean the connection is not the server's
        // answer to the next request: it is closed, and so is one the server sent more on (checked on release)
        if (!aborted && keepAlive && (atEnd || remaining == 0) && !head.hasRemaining()) {
            pool.release(origin, ch);
        } else {
            closeQuietly(ch);
        }
    }

    static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // nothing to do about a failed close
        }
    }
}
