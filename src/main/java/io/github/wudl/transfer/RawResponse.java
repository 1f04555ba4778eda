package io.github.wudl.transfer;

import io.github.wudl.wua.Redaction;
import java.io.EOFException;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One answer read by {@link RawHttp}: status line and headers parsed from the socket, then the body as a
 * {@link Body} — Content-Length, chunked, or up to the connection's end. Bytes that arrived with the headers
 * are handed out first; after that a Content-Length body is read straight into the caller's buffer.
 */
final class RawResponse implements Response, Body {
    /** Where the connection goes back to when its answer was read to the end. */
    private final RawHttp pool;

    private final SocketChannel ch;
    private final String origin;
    private final URI uri;
    /** Header bytes and whatever body bytes came with them; later the read-ahead of a chunked body. */
    private final ByteBuffer head = ByteBuffer.allocateDirect(RawHttp.headLimit());

    private final Map<String, String> headers = new HashMap<>();
    private int status;
    private long remaining = -1;
    private boolean chunked;
    private long chunkLeft;
    /** The current chunk's data has been read; its CRLF has not. */
    private boolean chunkDataEnded;

    private boolean keepAlive = true;
    private boolean atEnd;
    private boolean closed;
    private volatile boolean aborted;

    RawResponse(RawHttp pool, SocketChannel ch, String origin, URI uri) {
        this.pool = pool;
        this.ch = ch;
        this.origin = origin;
        this.uri = uri;
    }

    /** Reads the status line and headers; StaleConnection when the connection ends before any byte. */
    void readHead() throws IOException {
        head.clear();
        int end;
        while ((end = headEnd()) < 0) {
            if (!head.hasRemaining()) {
                throw new IOException(
                        "the response headers of " + Redaction.uri(uri) + " exceed " + RawHttp.headLimit() + " bytes");
            }
            if (readChannel(head) < 0) {
                if (head.position() == 0) {
                    throw new RawHttp.StaleConnection();
                }
                throw new EOFException("the connection ended inside the response headers");
            }
        }
        byte[] bytes = new byte[end];
        head.flip();
        head.get(bytes);
        head.position(head.position() + 4); // the blank line
        String[] lines = new String(bytes, StandardCharsets.ISO_8859_1).split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.x answer: " + lines[0]);
        }
        try {
            status = Integer.parseInt(statusLine[1]);
        } catch (NumberFormatException e) {
            throw new IOException("malformed status line: " + lines[0], e);
        }
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.putIfAbsent(
                        lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
        }
        keepAlive = statusLine[0].equals("HTTP/1.1") && !"close".equalsIgnoreCase(headers.get("connection"));
        chunked = "chunked".equalsIgnoreCase(headers.get("transfer-encoding"));
        remaining = chunked ? -1 : contentLength();
        if (status == 204 || status == 304 || status / 100 == 1) {
            remaining = 0;
        }
        if (!chunked && remaining < 0) {
            keepAlive = false; // the body ends with the connection
        }
    }

    /** Index of "\r\n\r\n" among the bytes read so far, or -1. */
    private int headEnd() {
        for (int i = 0; i + 3 < head.position(); i++) {
            if (head.get(i) == '\r' && head.get(i + 1) == '\n' && head.get(i + 2) == '\r' && head.get(i + 3) == '\n') {
                return i;
            }
        }
        return -1;
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    @Override
    public long contentLength() {
        String v = headers.get("content-length");
        try {
            return v == null ? -1 : Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
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
                line(); // the CRLF after the previous chunk's data: read only now, so a server holding right
                chunkDataEnded = false; // after the data cannot block the read that delivered it
            }
            String line = line();
            int semi = line.indexOf(';');
            try {
                chunkLeft = Long.parseLong((semi >= 0 ? line.substring(0, semi) : line).trim(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("malformed chunk size '" + line + "'", e);
            }
            if (chunkLeft < 0) {
                throw new IOException("malformed chunk size '" + line + "'");
            }
            if (chunkLeft == 0) {
                long trailers = 0;
                for (String t; !(t = line()).isEmpty(); ) {
                    trailers += t.length() + 2; // ignored, but bounded: endless trailers must not read for ever
                    if (trailers > RawHttp.headLimit()) {
                        throw new IOException(
                                "the trailers of " + Redaction.uri(uri) + " exceed " + RawHttp.headLimit() + " bytes");
                    }
                }
                atEnd = true;
                return -1;
            }
        }
        if (!head.hasRemaining() && fillHead() < 0) {
            throw new EOFException("the connection ended inside a chunk");
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

    /** One CRLF-terminated line from the read-ahead buffer. */
    private String line() throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (!head.hasRemaining() && fillHead() < 0) {
                throw new EOFException("the connection ended inside a chunked body");
            }
            byte b = head.get();
            if (b == '\n') {
                int len = sb.length();
                return len > 0 && sb.charAt(len - 1) == '\r' ? sb.substring(0, len - 1) : sb.toString();
            }
            if (sb.length() > 4096) {
                throw new IOException("a chunk header line is too long");
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
        if (atEnd || !chunked && remaining == 0 && !head.hasRemaining()) {
            return false;
        }
        try (Watchdog.Watch watch = Watchdog.watch(grace, this::abort)) {
            return read(ByteBuffer.allocate(1)) > 0;
        } catch (IOException e) {
            return false;
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
        if (!aborted && keepAlive && (atEnd || remaining == 0 && !head.hasRemaining())) {
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
